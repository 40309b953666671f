using Console.Shared.Query.Limits;
using Microsoft.Extensions.Options;
using Console.Shared.Events;
using Console.Shared.Query;
using Console.Shared.Storage;
using Console.Web.Apis;

namespace Console.Web.Discover;

/// <summary>
/// Runs what a Discover view needs against the store: the same store, query parser and time parsing as the HTTP
/// API, so the page finds exactly what <c>GET /api/search</c> would.
/// </summary>
public sealed class DiscoverSearch(ILogStore store, TimeProvider clock, IOptions<QueryLimitsOptions>? limits = null)
{
    /// <summary>
    /// Hits of the first search: what the first screen of the virtualized table shows (its 70vh at 38 px a row, plus the
    /// overscan rows rendered below it) on screens up to about 1,600 px tall. Each hit is a stored-document read and a
    /// JSON parse, the bulk of the first search's work after counting; the rest load as the view scrolls.
    /// </summary>
    public const int FirstPageSize = 50;

    /// <summary>Hits per page loaded from the search_after cursor as the view scrolls past those loaded.</summary>
    public const int PageSize = 100;

    /// <summary>Levels drawn as their own layer of the histogram; the rest are stacked as "other".</summary>
    public const int HistogramLevels = 6;

    /// <exception cref="QuerySyntaxException">The query does not parse.</exception>
    /// <exception cref="StoreRequestException">The index pattern or time range is not valid.</exception>
    public async Task<DiscoverResult> RunAsync(DiscoverState state, CancellationToken cancellationToken) =>
        await WithHistogramAsync(await FirstPageAsync(state, cancellationToken), cancellationToken);

    /// <summary>The first <see cref="FirstPageSize"/> hits with the exact total and the pattern's fields, without the histogram: what the page shows first.</summary>
    /// <exception cref="QuerySyntaxException">The query does not parse.</exception>
    /// <exception cref="StoreRequestException">The index pattern or time range is not valid.</exception>
    public async Task<DiscoverResult> FirstPageAsync(DiscoverState state, CancellationToken cancellationToken)
    {
        var query = Resolve(state);
        var fields = await store.GetFieldsAsync(query.IndexPattern, cancellationToken);
        var page = await store.SearchAsync(new SearchRequest(query, FirstPageSize), cancellationToken);
        return new DiscoverResult(query, page, [], null, fields);
    }

    /// <summary><paramref name="result"/> with its histogram stacked by level.</summary>
    public async Task<DiscoverResult> WithHistogramAsync(DiscoverResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        var (histogram, interval) = await HistogramAsync(result.Query, cancellationToken);
        return result with { Histogram = histogram, Interval = interval };
    }

    /// <summary>The page after <paramref name="next"/>.</summary>
    public Task<SearchResult> MoreAsync(LogQuery query, string next, CancellationToken cancellationToken) =>
        store.SearchAsync(new SearchRequest(query, PageSize, SortOrder.Descending, next), cancellationToken);

    /// <summary>Exact top values of <paramref name="field"/> over the whole result (not a sample).</summary>
    public Task<TopValuesResult> TopValuesAsync(LogQuery query, string field, CancellationToken cancellationToken) =>
        store.TopValuesAsync(new TopValuesRequest(query, field, 5), cancellationToken);

    /// <summary>How many values of a field the query bar considers for its suggestions (those typed are picked from them).</summary>
    public const int SuggestedValues = 100;

    /// <summary>The counts of surrounding documents offered before and after an event.</summary>
    public static IReadOnlyList<int> SurroundingSizes { get; } = [5, 10, 25];

    /// <summary>
    /// Time spans around an event searched in turn for its neighbours, until one holds enough of them: the nearest are
    /// usually close by, and a short span spares opening and sorting every daily index. Null is unbounded.
    /// </summary>
    private static readonly TimeSpan?[] SurroundingSpans = [TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(31), null];

    /// <summary>How many events the value suggestions are counted over, as Kibana's <c>terminate_after</c> default.</summary>
    public const int SuggestionSample = 100_000;

    /// <summary>
    /// Top values of <paramref name="field"/> in the pattern and time range of <paramref name="query"/>, its query text left
    /// out (it is being typed), counted over a sample of <see cref="SuggestionSample"/> events so that a field with a
    /// million distinct values answers while the user types.
    /// </summary>
    public Task<TopValuesResult> SuggestValuesAsync(LogQuery query, string field, CancellationToken cancellationToken) =>
        store.TopValuesAsync(new TopValuesRequest(query with { Query = null }, field, SuggestedValues, SuggestionSample), cancellationToken);

    /// <summary>The event with id <paramref name="id"/> in the indices of <paramref name="indexPattern"/>, at any time; null when there is none.</summary>
    /// <exception cref="StoreRequestException">The index pattern is not valid.</exception>
    public async Task<SearchHit?> FindAsync(string indexPattern, string id, CancellationToken cancellationToken)
    {
        var query = new LogQuery(indexPattern, $"{LogSchema.IdField}:{QueryFilters.Quote(id)}", null, null);
        var page = await store.SearchAsync(new SearchRequest(query, 1), cancellationToken);
        return page.Hits.Count > 0 ? page.Hits[0] : null;
    }

    /// <summary>Whether the event with id <paramref name="id"/> is one of the hits of <paramref name="query"/>.</summary>
    public async Task<bool> MatchesAsync(LogQuery query, string id, CancellationToken cancellationToken) =>
        await store.CountAsync(query with { Query = QueryFilters.Add(query.Query ?? "", LogSchema.IdField, id, negate: false) }, cancellationToken) > 0;

    /// <summary>
    /// <paramref name="count"/> events before and after <paramref name="anchor"/> in <paramref name="indexPattern"/>, with no
    /// query, or only those with the anchor's value of <paramref name="field"/>. Both sides continue from the anchor's own
    /// cursor, so events of the anchor's millisecond fall on one side or the other, each once.
    /// </summary>
    /// <exception cref="StoreRequestException">The anchor has no value of <paramref name="field"/>, or the pattern is not valid.</exception>
    public async Task<SurroundingHits> SurroundingAsync(string indexPattern, SearchHit anchor, string? field, int count, CancellationToken cancellationToken)
    {
        if (anchor.Cursor is null)
        {
            throw new StoreRequestException("this event has no place in the time order to search around");
        }

        string? filter = null;
        if (!string.IsNullOrEmpty(field))
        {
            var value = EventFieldText.Of(anchor.Source, field);
            if (value.Length == 0)
            {
                throw new StoreRequestException($"this event has no {field}");
            }

            filter = QueryFilters.Add("", field, value, negate: false);
        }

        var older = await NeighboursAsync(indexPattern, filter, anchor, SortOrder.Descending, count, cancellationToken);
        var newer = await NeighboursAsync(indexPattern, filter, anchor, SortOrder.Ascending, count, cancellationToken);
        return new SurroundingHits(anchor, newer, older, filter);
    }

    private async Task<IReadOnlyList<SearchHit>> NeighboursAsync(
        string indexPattern, string? filter, SearchHit anchor, SortOrder sort, int count, CancellationToken cancellationToken)
    {
        IReadOnlyList<SearchHit> hits = [];
        foreach (var span in SurroundingSpans)
        {
            // Both ends are inclusive: the anchor's own millisecond is in every span, and the cursor splits it.
            var query = sort == SortOrder.Descending
                ? new LogQuery(indexPattern, filter, span is { } back ? anchor.Timestamp - back : null, anchor.Timestamp)
                : new LogQuery(indexPattern, filter, anchor.Timestamp, span is { } ahead ? anchor.Timestamp + ahead : null);
            hits = (await store.SearchAsync(new SearchRequest(query, count, sort, anchor.Cursor), cancellationToken)).Hits;
            if (hits.Count >= count)
            {
                break;
            }
        }

        return hits;
    }

    /// <summary>Why <paramref name="text"/> is not a valid query for <paramref name="fields"/>, or null when it is.</summary>
    public QuerySyntaxException? Validate(string text, IReadOnlyList<LogField> fields)
    {
        try
        {
            LogQueryParser.Parse(text, new FieldTypeMap(fields), clock.GetUtcNow(), limits?.Value ?? LogQueryParser.DefaultLimits);
            return null;
        }
        catch (QuerySyntaxException ex)
        {
            return ex;
        }
    }

    /// <summary>The fields of an index pattern, for validation and the sidebar before the first search.</summary>
    public Task<IReadOnlyList<LogField>> FieldsAsync(string indexPattern, CancellationToken cancellationToken) =>
        store.GetFieldsAsync(indexPattern, cancellationToken);

    /// <summary>The state's index pattern, query and time range as a store query; times resolve against the clock now.</summary>
    /// <exception cref="StoreRequestException">The index pattern or a time is not valid.</exception>
    public LogQuery Resolve(DiscoverState state)
    {
        if (!QueryParameters.TryRead(state.Index, state.Query, state.From, state.To, clock.GetUtcNow(), out var query, out var error))
        {
            throw new StoreRequestException(error!.Error);
        }

        return query;
    }

    /// <summary>
    /// The hit histogram stacked by log level, in one pass over the hits: the top levels as their own series, and the
    /// events of every other level or of none as "other", so the layers of a bucket add up to its count.
    /// </summary>
    private async Task<(IReadOnlyList<HistogramSeries>, TimeSpan?)> HistogramAsync(LogQuery query, CancellationToken cancellationToken)
    {
        if (query.From is null)
        {
            return ([], null);
        }

        var request = new AggregationRequest(query, AggregationMetric.Count, new DateHistogramSplit(), new FieldSplit(LogSchema.Level, HistogramLevels));
        var result = await store.AggregateAsync(request, cancellationToken);
        var levels = result.Split!.Values;
        if (levels.Count == 0)
        {
            return ([new HistogramSeries("events", Series(result, b => b.Count))], result.Interval);
        }

        var series = new List<HistogramSeries>(levels.Count + 1);
        for (var i = 0; i < levels.Count; i++)
        {
            var level = i;
            series.Add(new HistogramSeries(levels[level].Key, Series(result, b => b.Split!.Values[level].Count)));
        }

        var rest = Series(result, b => b.Split!.OtherCount + b.Split.MissingCount);
        if (rest.Any(b => b.Count > 0))
        {
            series.Add(new HistogramSeries("other", rest));
        }

        return (series, result.Interval);
    }

    private static List<HistogramBucket> Series(AggregationResult result, Func<AggregationBucket, long> count) =>
        result.Buckets.Select(b => new HistogramBucket(b.Start, count(b))).ToList();
}
