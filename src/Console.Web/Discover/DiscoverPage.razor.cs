using Console.Shared.Events;
using Console.Shared.Query;
using Console.Shared.Storage;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Console.Web.Discover;

/// <summary>
/// Kibana's Discover: an index pattern, a Lucene query checked as it is typed, a time range, the hit histogram, the
/// fields of the hits and the hits themselves. The address bar holds the whole view, so a link reproduces it.
/// </summary>
public sealed partial class DiscoverPage : IDisposable
{
    private const string Custom = "custom";

    private DiscoverState _applied = DiscoverState.Default with { Index = "" };
    private string _index = DiscoverState.DefaultIndex;
    private string _query = "";
    private string _from = DiscoverState.DefaultFrom;
    private string _to = DiscoverState.DefaultTo;
    private string _quick = DiscoverState.DefaultFrom;
    private string? _queryError;
    private string? _error;
    private bool _loading;
    private bool _historyOpen;
    private int _refreshSeconds;
    private Timer? _refresh;
    private IReadOnlyList<LogField> _fields = [];
    private IReadOnlyList<LogField> _hitFields = [];
    private List<SearchHit> _hits = [];
    private string? _next;
    private DiscoverResult? _result;
    private CancellationTokenSource? _running;
    private SearchHit? _pinned;
    private string? _pinnedNote;
    private string? _docMissing;

    // How many results this page has shown: rendered on the hit count so a script (the Discover benchmark, a test) can
    // tell a new result from the one already on screen.
    private int _shownResults;
    private Task<DiscoverResult>? _histogram;

    [SupplyParameterFromQuery(Name = "index")]
    public string? IndexParameter { get; set; }

    [SupplyParameterFromQuery(Name = "q")]
    public string? QueryParameter { get; set; }

    [SupplyParameterFromQuery(Name = "from")]
    public string? FromParameter { get; set; }

    [SupplyParameterFromQuery(Name = "to")]
    public string? ToParameter { get; set; }

    [SupplyParameterFromQuery(Name = "columns")]
    public string? ColumnsParameter { get; set; }

    /// <summary>The id of an event to open pinned above the hits, with its surrounding documents.</summary>
    [SupplyParameterFromQuery(Name = "doc")]
    public string? DocParameter { get; set; }

    public void Dispose()
    {
        _refresh?.Dispose();
        _running?.Cancel();
        _running?.Dispose();
    }

    protected override async Task OnParametersSetAsync()
    {
        var state = DiscoverState.Read(IndexParameter, QueryParameter, FromParameter, ToParameter, ColumnsParameter, DocParameter);
        if (state != _applied)
        {
            await LoadAsync(state);
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            // The browser keeps the history; it is reachable only now, not while the page was prerendered.
            await History.LoadAsync();
            StateHasChanged();
        }

        await PlaceCaretAsync();
    }

    /// <summary>Runs the inputs as they are: a new address when they changed (so Back returns here), else a fresh load.</summary>
    private async Task SearchAsync()
    {
        var state = new DiscoverState(_index, _query, _from, _to, _applied.Columns, _applied.Doc);
        if (state == _applied)
        {
            await LoadAsync(state);
        }
        else
        {
            Navigation.NavigateTo(state.ToUrl());
        }
    }

    private async Task LoadAsync(DiscoverState state)
    {
        _applied = state;
        (_index, _query, _from, _to) = (state.Index, state.Query, state.From, state.To);
        _quick = QuickRange.All.Any(r => r.From == state.From) && state.To == DiscoverState.DefaultTo ? state.From : Custom;
        _error = null;
        _queryError = null;
        _loading = true;
        CloseSuggestions();

        _running?.Cancel();
        _running?.Dispose();
        var running = _running = new CancellationTokenSource();
        try
        {
            // The hits first, as soon as they are found; the histogram (a pass over every match) follows.
            var result = await Search.FirstPageAsync(state, running.Token);
            if (running.IsCancellationRequested)
            {
                return;
            }

            _result = result;
            _shownResults++;
            _fields = result.Fields;
            _hits = [.. result.Page.Hits];
            _next = result.Page.Next;
            _hitFields = FieldsOf(_hits, result.Fields);

            // The histogram, a pass over every match, is counted on the pool while the hits go out; the chart awaits it
            // and re-renders alone. (The embedded store counts synchronously: awaited here, it would hold the hits back.)
            _histogram = Task.Run(() => Search.WithHistogramAsync(result, running.Token), running.Token);
            await PinAsync(state, result, running.Token);
        }
        catch (QuerySyntaxException ex)
        {
            _queryError = ex.MessageWithPosition;
            _error = "The query has an error: " + _queryError;
        }
        catch (StoreRequestException ex)
        {
            _error = ex.Message;
        }
        catch (OperationCanceledException) when (running.IsCancellationRequested)
        {
        }
        finally
        {
            if (ReferenceEquals(_running, running))
            {
                _loading = false;
            }
        }

        // Kept in the browser once the result is on screen, so the round trip to localStorage never delays it.
        await History.AddAsync(state.Query);
    }

    private async Task LoadMoreAsync()
    {
        if (_result is null || _next is null)
        {
            return;
        }

        _loading = true;
        try
        {
            var page = await Search.MoreAsync(_result.Query, _next, CancellationToken.None);
            _hits.AddRange(page.Hits);
            _next = page.Next;
            _hitFields = FieldsOf(_hits, _result.Fields);
        }
        catch (StoreRequestException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _loading = false;
        }
    }

    private async Task OnTimeKeyAsync(KeyboardEventArgs e)
    {
        if (e.Key == "Enter")
        {
            _quick = Custom;
            await SearchAsync();
        }
    }

    private async Task OnIndexChangedAsync(string? pattern)
    {
        _index = string.IsNullOrWhiteSpace(pattern) ? DiscoverState.DefaultIndex : pattern.Trim();
        try
        {
            _fields = await Search.FieldsAsync(_index, CancellationToken.None);
        }
        catch (StoreRequestException ex)
        {
            _error = ex.Message;
            return;
        }

        await SearchAsync();
    }

    private async Task OnQuickRangeAsync(string from)
    {
        _quick = from;
        if (from == Custom)
        {
            return;
        }

        (_from, _to) = (from, DiscoverState.DefaultTo);
        await SearchAsync();
    }

    private Task ZoomAsync((DateTimeOffset From, DateTimeOffset To) range)
    {
        (_from, _to) = (range.From.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"), range.To.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"));
        _quick = Custom;
        return SearchAsync();
    }

    private Task AddFilterAsync((string Field, string Value, bool Negate) filter)
    {
        _query = QueryFilters.Add(_applied.Query, filter.Field, filter.Value, filter.Negate);
        return SearchAsync();
    }

    private Task ToggleColumnAsync((string Field, bool Shown) column)
    {
        Navigation.NavigateTo(_applied.WithColumn(column.Field, column.Shown).ToUrl());
        return Task.CompletedTask;
    }

    private Task RunFromHistoryAsync(string query)
    {
        _query = query;
        _historyOpen = false;
        return SearchAsync();
    }

    private void SetAutoRefresh(int seconds)
    {
        _refreshSeconds = seconds;
        _refresh?.Dispose();
        _refresh = seconds <= 0
            ? null
            : new Timer(_ => _ = InvokeAsync(async () =>
            {
                // Relative times move on: each refresh resolves now-15m against the clock again.
                if (!_loading)
                {
                    await LoadAsync(_applied);
                    StateHasChanged();
                }
            }), null, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(seconds));
    }

    private Task<IEnumerable<string>> PatternsAsync(string? typed, CancellationToken cancellationToken)
    {
        IEnumerable<string> known = ["thebot-logs-*", "thebot-errors-*", "metrics-*", "*"];
        var matches = string.IsNullOrWhiteSpace(typed)
            ? known
            : known.Where(p => p.Contains(typed.Trim(), StringComparison.OrdinalIgnoreCase)).Prepend(typed.Trim()).Distinct();
        return Task.FromResult(matches);
    }

    /// <summary>The linked event (<c>doc=</c>): found by id in the pattern at any time, and where it stands among the hits.</summary>
    private async Task PinAsync(DiscoverState state, DiscoverResult result, CancellationToken cancellationToken)
    {
        (_pinned, _pinnedNote, _docMissing) = (null, null, null);
        if (state.Doc.Length == 0)
        {
            return;
        }

        var hit = await Search.FindAsync(result.Query.IndexPattern, state.Doc, cancellationToken);
        if (hit is null)
        {
            _docMissing = $"No event with id {state.Doc} in {result.Query.IndexPattern}: it may have been deleted with its index.";
            return;
        }

        var row = _hits.FindIndex(h => h.Id == hit.Id);
        _pinned = hit;
        _pinnedNote = row >= 0
            ? $"Linked event {hit.Id}, opened here; it is also row {row + 1} of the hits below."
            : await Search.MatchesAsync(result.Query, hit.Id, cancellationToken)
                ? $"Linked event {hit.Id}, opened here; it matches this search but is not among the first {_hits.Count:N0} hits."
                : $"Linked event {hit.Id}, opened here; it does not match this query and time range, so it is not among the hits.";
    }

    private Task UnpinAsync()
    {
        Navigation.NavigateTo((_applied with { Doc = "" }).ToUrl());
        return Task.CompletedTask;
    }

    /// <summary>The fields that occur in the loaded hits, with the pattern's types, by name.</summary>
    private static List<LogField> FieldsOf(IReadOnlyList<SearchHit> hits, IReadOnlyList<LogField> fields)
    {
        var present = new HashSet<string>(StringComparer.Ordinal) { LogSchema.Timestamp };
        var flat = new List<KeyValuePair<string, System.Text.Json.Nodes.JsonValue>>();
        foreach (var hit in hits)
        {
            flat.Clear();
            EventFlattener.Flatten(hit.Source, flat);
            foreach (var (name, _) in flat)
            {
                present.Add(name);
            }
        }

        return fields.Where(f => present.Contains(f.Name)).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// <c>/api/export</c> for exactly the hits on screen: the same pattern and query, the time range as resolved for
    /// this search (so "now" does not move on), and the chosen columns (or the level and message) for CSV.
    /// </summary>
    private string ExportUrl(DiscoverResult result, string format)
    {
        var columns = _applied.ColumnList.Count > 0 ? _applied.ColumnList : [LogSchema.Level, LogSchema.Message];
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("api/export", new Dictionary<string, string?>
        {
            ["format"] = format,
            ["index"] = result.Query.IndexPattern,
            ["q"] = result.Query.Query ?? "",
            ["from"] = result.Query.From?.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "*",
            ["to"] = result.Query.To?.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "*",
            ["columns"] = string.Join(',', columns.Prepend(LogSchema.Timestamp).Distinct()),
        });
    }

    private static string Describe(LogQuery query) => (query.From, query.To) switch
    {
        (null, null) => "all time",
        ({ } from, null) => $"from {from.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC",
        (null, { } to) => $"until {to.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC",
        ({ } from, { } to) => $"{from.UtcDateTime:yyyy-MM-dd HH:mm:ss} to {to.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC",
    };
}
