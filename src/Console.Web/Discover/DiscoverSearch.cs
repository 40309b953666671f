using Console.Shared.Events;
using Console.Shared.Query;
using Console.Shared.Storage;
using Console.Web.Apis;

namespace Console.Web.Discover;

/// <summary>
/// Runs what a Discover view needs against the store: the same store, query parser and time parsing as the HTTP
/// API, so the page finds exactly what <c>GET /api/search</c> would.
/// </summary>
public sealed class DiscoverSearch(ILogStore store, TimeProvider clock)
{
    /// <summary>Hits per page of the document table; more load on demand from the search_after cursor.</summary>
    public const int PageSize = 100;

    /// <summary>Levels drawn as their own layer of the histogram; the rest are stacked as "other".</summary>
    public const int HistogramLevels = 6;

    /// <exception cref="QuerySyntaxException">The query does not parse.</exception>
    /// <exception cref="StoreRequestException">The index pattern or time range is not valid.</exception>
    public async Task<DiscoverResult> RunAsync(DiscoverState state, CancellationToken cancellationToken)
    {
        var query = Resolve(state);
        var fields = await store.GetFieldsAsync(query.IndexPattern, cancellationToken);
        var page = await store.SearchAsync(new SearchRequest(query, PageSize), cancellationToken);
        var (histogram, interval) = await HistogramAsync(query, cancellationToken);
        return new DiscoverResult(query, page, histogram, interval, fields);
    }

    /// <summary>The page after <paramref name="next"/>.</summary>
    public Task<SearchResult> MoreAsync(LogQuery query, string next, CancellationToken cancellationToken) =>
        store.SearchAsync(new SearchRequest(query, PageSize, SortOrder.Descending, next), cancellationToken);

    /// <summary>Exact top values of <paramref name="field"/> over the whole result (not a sample).</summary>
    public Task<TopValuesResult> TopValuesAsync(LogQuery query, string field, CancellationToken cancellationToken) =>
        store.TopValuesAsync(new TopValuesRequest(query, field, 5), cancellationToken);

    /// <summary>Why <paramref name="text"/> is not a valid query for <paramref name="fields"/>, or null when it is.</summary>
    public QuerySyntaxException? Validate(string text, IReadOnlyList<LogField> fields)
    {
        try
        {
            LogQueryParser.Parse(text, new FieldTypeMap(fields), clock.GetUtcNow());
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
