using Console.Web.Auth;
using Console.Web.Discover;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.WebUtilities;
using MudBlazor;

namespace Console.Web.Dashboards;

/// <summary>
/// One dashboard: its panels in a grid, its own time picker (quick ranges, date math or absolute times) and auto
/// refresh, all kept in the address (<c>?from=…&amp;to=…&amp;refresh=…</c>) so a link reproduces the view. A user's own
/// dashboard can be edited in place: add, edit, remove and reorder panels, then save; built-in ones are duplicated first.
/// </summary>
public sealed partial class DashboardPage : IDisposable
{
    private const string Custom = "custom";

    private static readonly IReadOnlyList<QuickRange> QuickRanges =
    [
        new("Last 5 minutes", "now-5m"), .. QuickRange.All, new("Last 90 days", "now-90d"),
    ];

    private Dashboard? _dashboard;
    private bool _notFound;
    private string _from = DashboardDefaults.From;
    private string _to = DashboardDefaults.To;
    private string _fromInput = DashboardDefaults.From;
    private string _toInput = DashboardDefaults.To;
    private string _quick = DashboardDefaults.From;
    private string? _rangeError;
    private int _refreshSeconds;
    private int _tick;
    private Timer? _refresh;
    private bool _editing;
    private bool? _canEdit;
    private string _title = "";
    private string _description = "";
    private List<DashboardPanel> _draft = [];
    private PanelEditSession? _editor;
    private IReadOnlyList<DashboardError> _errors = [];
    private (long Id, string? From, string? To, int? Refresh)? _shown;

    [Parameter]
    public long Id { get; set; }

    [SupplyParameterFromQuery(Name = "from")]
    public string? FromParameter { get; set; }

    [SupplyParameterFromQuery(Name = "to")]
    public string? ToParameter { get; set; }

    [SupplyParameterFromQuery(Name = "refresh")]
    public int? RefreshParameter { get; set; }

    /// <summary><c>?edit=true</c> opens the dashboard in edit mode (a new dashboard is opened so).</summary>
    [SupplyParameterFromQuery(Name = "edit")]
    public bool? EditParameter { get; set; }

    [Inject]
    private DashboardService Dashboards { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private UserAccess Access { get; set; } = default!;

    /// <summary>Whether this user's role lets them edit, asked once for the buttons; each write asks again.</summary>
    private bool CanEdit => _canEdit == true;

    private IReadOnlyList<DashboardPanel> Panels => _editing ? _draft : _dashboard?.Panels ?? [];

    public void Dispose() => _refresh?.Dispose();

    protected override async Task OnParametersSetAsync()
    {
        var wanted = (Id, FromParameter, ToParameter, RefreshParameter);
        if (_shown == wanted)
        {
            return;
        }

        var idChanged = _shown?.Id != Id;
        _shown = wanted;
        _canEdit ??= await Access.CanEditAsync();
        if (idChanged)
        {
            _dashboard = await Dashboards.FindAsync(Id);
            _notFound = _dashboard is null;
            _editing = false;
            _editor = null;
            _errors = [];
            if (_dashboard is not null && EditParameter == true && !_dashboard.IsBuiltIn)
            {
                StartEdit();
            }
        }

        if (_dashboard is null)
        {
            return;
        }

        _from = string.IsNullOrWhiteSpace(FromParameter) ? _dashboard.From : FromParameter.Trim();
        _to = string.IsNullOrWhiteSpace(ToParameter) ? _dashboard.To : ToParameter.Trim();
        (_fromInput, _toInput) = (_from, _to);
        _quick = QuickRanges.Any(r => r.From == _from) && _to == "now" ? _from : Custom;
        _rangeError = DashboardValidator.CheckRange(_from, _to, Clock.GetUtcNow()).FirstOrDefault()?.ToString();
        var refresh = RefreshParameter is { } r && DashboardDefaults.RefreshChoices.Contains(r) ? r : _dashboard.RefreshSeconds;
        if (refresh != _refreshSeconds || idChanged)
        {
            StartTimer(refresh);
        }
    }

    private void StartTimer(int seconds)
    {
        _refreshSeconds = seconds;
        _refresh?.Dispose();
        _refresh = seconds <= 0
            ? null
            : new Timer(_ => _ = InvokeAsync(() =>
            {
                // Each panel loads again, resolving relative times (now-24h) against the clock anew.
                _tick++;
                StateHasChanged();
            }), null, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(seconds));
    }

    private void RefreshNow() => _tick++;

    private void Navigate(string from, string to, int refresh)
    {
        var query = new Dictionary<string, string?> { ["from"] = from, ["to"] = to };
        if (refresh != (_dashboard?.RefreshSeconds ?? 0))
        {
            query["refresh"] = refresh.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        Navigation.NavigateTo(QueryHelpers.AddQueryString($"/dashboards/{Id}", query));
    }

    private Task OnQuickRangeAsync(string from)
    {
        _quick = from;
        if (from != Custom)
        {
            (_fromInput, _toInput) = (from, "now");
            return ApplyRangeAsync();
        }

        return Task.CompletedTask;
    }

    private async Task OnTimeKeyAsync(KeyboardEventArgs e)
    {
        if (e.Key == "Enter")
        {
            await ApplyRangeAsync();
        }
    }

    private Task ApplyRangeAsync()
    {
        var from = string.IsNullOrWhiteSpace(_fromInput) ? "*" : _fromInput.Trim();
        var to = string.IsNullOrWhiteSpace(_toInput) ? "now" : _toInput.Trim();
        _rangeError = DashboardValidator.CheckRange(from, to, Clock.GetUtcNow()).FirstOrDefault()?.ToString();
        if (_rangeError is not null)
        {
            return Task.CompletedTask;
        }

        if (from == _from && to == _to)
        {
            _tick++;
        }
        else if (_editing)
        {
            // In edit mode the draft stays on the page; the range is kept here and saved with the dashboard.
            (_from, _to) = (from, to);
            _quick = QuickRanges.Any(r => r.From == _from) && _to == "now" ? _from : Custom;
        }
        else
        {
            Navigate(from, to, _refreshSeconds);
        }

        return Task.CompletedTask;
    }

    private Task SetAutoRefreshAsync(int seconds)
    {
        StartTimer(seconds);
        if (!_editing)
        {
            Navigate(_from, _to, seconds);
        }

        return Task.CompletedTask;
    }

    private void StartEdit()
    {
        if (_dashboard is null || _dashboard.IsBuiltIn || !CanEdit)
        {
            return;
        }

        _editing = true;
        _title = _dashboard.Title;
        _description = _dashboard.Description;
        _draft = [.. _dashboard.Panels];
        _errors = [];
    }

    private void StartEditAndAdd()
    {
        StartEdit();
        AddPanel();
    }

    private void AddPanel() => _editor = new PanelEditSession(null, null);

    private void EditPanel(int position) => _editor = new PanelEditSession(position, PanelInput.Of(_draft[position]));

    private void ApplyPanel(DashboardPanel panel)
    {
        if (_editor?.Position is { } position && position < _draft.Count)
        {
            _draft[position] = panel;
        }
        else
        {
            _draft.Add(panel);
        }

        _editor = null;
    }

    private async Task RemovePanelAsync(int position)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Remove panel", $"Remove the panel \"{_draft[position].Title}\" from the dashboard? It is gone once you save.",
            yesText: "Remove", cancelText: "Cancel");
        if (confirmed == true && position < _draft.Count)
        {
            _draft.RemoveAt(position);
            _editor = null;
        }
    }

    private void MovePanel(int position, int by)
    {
        var target = position + by;
        if (target < 0 || target >= _draft.Count)
        {
            return;
        }

        (_draft[position], _draft[target]) = (_draft[target], _draft[position]);
        _editor = null;
    }

    private async Task SaveAsync()
    {
        if (_dashboard is null || !await CanStillEditAsync())
        {
            return;
        }

        var input = new DashboardInput
        {
            Title = _title,
            Description = _description,
            From = _from,
            To = _to,
            RefreshSeconds = _refreshSeconds,
            Panels = _draft.Select(PanelInput.Of).ToList(),
        };
        var result = await Dashboards.UpdateAsync(_dashboard.Id, input);
        if (result.Outcome != DashboardOutcome.Saved)
        {
            _errors = result.Errors;
            return;
        }

        _dashboard = result.Dashboard;
        _editing = false;
        _errors = [];
        Snackbar.Add($"Saved \"{_dashboard!.Title}\"", Severity.Success);
        Navigation.NavigateTo($"/dashboards/{_dashboard.Id}", replace: true);
    }

    private async Task CancelEditAsync()
    {
        _editing = false;
        _editor = null;
        _errors = [];
        _dashboard = await Dashboards.FindAsync(Id);
    }

    private async Task DuplicateAsync()
    {
        if (_dashboard is null || !await CanStillEditAsync())
        {
            return;
        }

        var result = await Dashboards.DuplicateAsync(_dashboard.Id);
        if (result.Outcome == DashboardOutcome.Saved)
        {
            Snackbar.Add($"Duplicated as \"{result.Dashboard!.Title}\"", Severity.Success);
            Navigation.NavigateTo($"/dashboards/{result.Dashboard.Id}?edit=true");
        }
        else
        {
            _errors = result.Errors;
        }
    }

    /// <summary>The role can be lowered while the page is open: each write asks again and says why it is refused.</summary>
    private async Task<bool> CanStillEditAsync()
    {
        if (await Access.CanEditAsync())
        {
            return true;
        }

        Snackbar.Add(UserAccess.Refused, Severity.Error);
        return false;
    }
}
