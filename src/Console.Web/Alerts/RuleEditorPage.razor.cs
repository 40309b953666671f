using Console.Shared.Events;
using Console.Shared.Query;
using Console.Shared.Storage;
using Console.Web.Alerts.Editing;
using Console.Web.Alerts.Notifications;
using Console.Web.Alerts.Preview;
using Console.Web.Alerts.Rules;
using Console.Web.Auth;
using Console.Web.Discover;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using FieldType = Console.Shared.Events.FieldType;

namespace Console.Web.Alerts;

/// <summary>
/// Creates or edits a rule: the settings of its kind, each query checked as it is typed (with the position of a
/// mistake), and its last 24 hours previewed before it is saved. The checks are the API's (<see cref="AlertRuleService.ValidateAsync"/>).
/// </summary>
public sealed partial class RuleEditorPage
{
    private AlertRuleDraft _draft = new();
    private IReadOnlyList<NotificationChannelDefinition> _channels = [];
    private IReadOnlyList<LogField> _fields = [];
    private List<string> _errors = [];
    private string? _queryError;
    private string? _baseQueryError;
    private RulePreview? _preview;
    private string? _previewError;
    private bool _loaded;
    private bool _settled;
    private bool _notFound;
    private bool _previewing;
    private bool _saving;

    // Until the first save or preview, only the query fields speak up: "needs a name" before a name was typed helps nobody.
    private bool _submitted;

    [Parameter]
    public Guid? Id { get; set; }

    [Inject]
    private AlertRuleService Rules { get; set; } = null!;

    [Inject]
    private NotificationChannelService Channels { get; set; } = null!;

    [Inject]
    private RulePreviewService Previews { get; set; } = null!;

    [Inject]
    private ILogStore Store { get; set; } = null!;

    [Inject]
    private TimeProvider Clock { get; set; } = null!;

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    [Inject]
    private UserAccess Access { get; set; } = null!;

    private bool _canEdit;

    // A new rule's form is there from the first render, so what is typed while the channels load is kept.
    protected override async Task OnInitializedAsync()
    {
        _loaded = Id is null;
        _canEdit = await Access.CanEditAsync();
    }

    protected override async Task OnParametersSetAsync()
    {
        _channels = await Channels.ListAsync();
        if (Id is { } id)
        {
            if (await Rules.FindAsync(id) is not { } rule)
            {
                _notFound = true;
                return;
            }

            _draft = AlertRuleDraft.From(rule);
        }

        await LoadFieldsAsync();
        _loaded = true;
        _settled = true;
        if (Id is not null)
        {
            await PreviewAsync();
        }
    }

    private static string KindName(AlertRuleKind kind) => kind switch
    {
        AlertRuleKind.CountThreshold => "Count threshold",
        AlertRuleKind.Ratio => "Ratio",
        AlertRuleKind.MetricThreshold => "Metric threshold",
        AlertRuleKind.Absence => "Absence",
        AlertRuleKind.Grouped => "Grouped count",
        _ => kind.ToString(),
    };

    private static string KindHelp(AlertRuleKind kind) => kind switch
    {
        AlertRuleKind.CountThreshold => "The number of matching events in the window, e.g. errors in 5 minutes above 10.",
        AlertRuleKind.Ratio => "Matching events as a percentage of the base query's, e.g. 5xx responses above 5 % of requests.",
        AlertRuleKind.MetricThreshold => "An average, sum, minimum, maximum or percentile of a numeric field, e.g. p95 of duration_ms above 500.",
        AlertRuleKind.Absence => "Fires when nothing matches in the window, e.g. a service that stopped logging.",
        AlertRuleKind.Grouped => "The count per value of a field, each value its own alert, e.g. failed logins per client IP above 5.",
        _ => "",
    };

    private string ThresholdLabel() => _draft.Kind switch
    {
        AlertRuleKind.Ratio => "Threshold (%)",
        AlertRuleKind.MetricThreshold => $"Threshold ({(_draft.MetricField.Length > 0 ? _draft.MetricField : "value")})",
        _ => "Threshold (events)",
    };

    private async Task LoadFieldsAsync()
    {
        _fields = IndexNames.ValidatePattern(_draft.IndexPattern) is null ? await Store.GetFieldsAsync(_draft.IndexPattern) : [];
        CheckQueries();
    }

    private void CheckQueries()
    {
        var types = new FieldTypeMap(_fields);
        _queryError = QueryError(_draft.Query, types);
        _baseQueryError = _draft.Kind == AlertRuleKind.Ratio && _draft.RatioBaseQuery.Length > 0 ? QueryError(_draft.RatioBaseQuery, types) : null;
    }

    private string? QueryError(string query, IFieldTypes types)
    {
        try
        {
            LogQueryParser.Parse(query, types, Clock.GetUtcNow());
            return null;
        }
        catch (QuerySyntaxException e)
        {
            return e.MessageWithPosition;
        }
    }

    private Task<IEnumerable<string>> SearchGroupFieldsAsync(string? text, CancellationToken cancellationToken) =>
        Task.FromResult<IEnumerable<string>>(Matching(text, f => f.Type is not (FieldType.Text or FieldType.Date)));

    private Task<IEnumerable<string>> SearchNumericFieldsAsync(string? text, CancellationToken cancellationToken) =>
        Task.FromResult<IEnumerable<string>>(Matching(text, f => f.Type is FieldType.Long or FieldType.Double));

    private List<string> Matching(string? text, Func<LogField, bool> fits) =>
        _fields.Where(fits).Select(f => f.Name).Where(n => string.IsNullOrEmpty(text) || n.Contains(text, StringComparison.OrdinalIgnoreCase)).Take(50).ToList();

    private Task KindChangedAsync(AlertRuleKind kind) => ChangedAsync(() => _draft.Kind = kind);

    private async Task IndexPatternChangedAsync(string value)
    {
        _draft.IndexPattern = value ?? "";
        await LoadFieldsAsync();
        await RevalidateAsync();
    }

    private Task QueryChangedAsync(string value) => ChangedAsync(() => _draft.Query = value ?? "");

    private Task BaseQueryChangedAsync(string value) => ChangedAsync(() => _draft.RatioBaseQuery = value ?? "");

    private Task GroupFieldChangedAsync(string value) => ChangedAsync(() => _draft.GroupField = value ?? "");

    private Task MetricFieldChangedAsync(string value) => ChangedAsync(() => _draft.MetricField = value ?? "");

    private Task AggregationChangedAsync(MetricAggregation value) => ChangedAsync(() => _draft.Aggregation = value);

    private Task ComparisonChangedAsync(ThresholdComparison value) => ChangedAsync(() => _draft.Comparison = value);

    private Task NoDataChangedAsync(NoDataHandling value) => ChangedAsync(() => _draft.NoData = value);

    private Task ThresholdChangedAsync(double value) => ChangedAsync(() => _draft.Threshold = value);

    private Task WindowChangedAsync(string value) => ChangedAsync(() => _draft.Window = value ?? "");

    private Task EvaluateEveryChangedAsync(string value) => ChangedAsync(() => _draft.EvaluateEvery = value ?? "");

    private Task PendingForChangedAsync(string value) => ChangedAsync(() => _draft.PendingFor = value ?? "");

    private void ToggleChannel(string id, bool on)
    {
        if (on)
        {
            _draft.ChannelIds.Add(id);
        }
        else
        {
            _draft.ChannelIds.Remove(id);
        }
    }

    private async Task ChangedAsync(Action change)
    {
        change();
        CheckQueries();
        await RevalidateAsync();
    }

    private async Task RevalidateAsync()
    {
        if (_submitted)
        {
            await ValidateAsync(forPreview: false);
        }
    }

    /// <summary>The rule, or null with <see cref="_errors"/> saying why; a preview does not need a name yet.</summary>
    private async Task<AlertRule?> ValidateAsync(bool forPreview)
    {
        var (rule, errors) = _draft.ToRule(Id ?? Guid.Empty);
        if (rule is null)
        {
            _errors = [.. errors];
            return null;
        }

        if (forPreview && string.IsNullOrWhiteSpace(rule.Name))
        {
            rule = rule with { Name = "preview" };
        }

        _errors = [.. await Rules.ValidateAsync(rule)];
        return _errors.Count == 0 ? rule : null;
    }

    private async Task PreviewAsync()
    {
        _submitted = true;
        _previewError = null;
        if (await ValidateAsync(forPreview: true) is not { } rule)
        {
            return;
        }

        _previewing = true;
        StateHasChanged();
        try
        {
            _preview = await Previews.PreviewAsync(rule);
        }
        catch (Exception e) when (e is RulePreviewException or StoreRequestException or QuerySyntaxException)
        {
            _preview = null;
            _previewError = e is QuerySyntaxException syntax ? syntax.MessageWithPosition : e.Message;
        }
        finally
        {
            _previewing = false;
        }
    }

    private async Task SaveAsync()
    {
        // The role can be lowered while the page is open.
        if (!await Access.CanEditAsync())
        {
            Snackbar.Add(UserAccess.Refused, Severity.Error);
            return;
        }

        _submitted = true;
        if (await ValidateAsync(forPreview: false) is not { } rule)
        {
            return;
        }

        _saving = true;
        try
        {
            var result = await Rules.SaveAsync(Id, rule);
            if (result.Rule is null)
            {
                _errors = [.. result.Errors];
                return;
            }

            Snackbar.Add($"Saved rule {result.Rule.Name}", Severity.Success);
            Navigation.NavigateTo("/alerts");
        }
        finally
        {
            _saving = false;
        }
    }
}
