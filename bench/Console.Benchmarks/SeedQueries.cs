using Console.Shared.Events;
using Console.Shared.Storage;

namespace Console.Benchmarks;

/// <summary>The seed's "Searching Logs" examples and the aggregations Discover runs beside them, each timed.</summary>
internal static class SeedQueries
{
    /// <summary>The seed's example searches, in the order they are reported; the empty one is Discover's default (every event).</summary>
    public static IReadOnlyList<string> Searches(string requestId) =>
    [
        "message:\"error\"",
        "log_level:ERROR",
        "service:django-backend",
        "user_id:123",
        $"request_id:\"{requestId}\"",
        "duration_ms:[100 TO 500]",
        "@timestamp:[now-1h TO now]",
        "message:/^ERROR: .*/", // the seed's own example; no message of this corpus starts with "ERROR: "
        "message:/Internal Server Error.*/",
        "(log_level:ERROR OR log_level:CRITICAL) AND service:django-backend",
        string.Empty,
    ];

    /// <summary>How a search is named in the tables.</summary>
    public static string NameOf(string search) => search.Length == 0 ? "(empty: every event, Discover's default)" : $"`{search}`";

    public static async Task<IReadOnlyList<QueryTiming>> MeasureAsync(
        ILogStore store, string pattern, DateTimeOffset from, DateTimeOffset to, string requestId, int warmupRuns, int measuredRuns)
    {
        var searches = Searches(requestId);
        var timings = new List<QueryTiming>();
        foreach (var text in searches)
        {
            // Discover's first page: newest first, 50 hits, over the whole range of the data.
            var request = new SearchRequest(new LogQuery(pattern, text, from, to), Size: 50, Sort: SortOrder.Descending);
            var name = NameOf(text);
            timings.Add(await QueryBenchmark.MeasureAsync(name, async () => (await store.SearchAsync(request)).Total, warmupRuns, measuredRuns));
            Progress(timings[^1]);
        }

        var histogram = new HistogramRequest(new LogQuery(pattern, null, from, to));
        timings.Add(await QueryBenchmark.MeasureAsync(
            "`HistogramAsync`, every event, whole range (auto interval)", async () => (await store.HistogramAsync(histogram)).Total, warmupRuns, measuredRuns));
        Progress(timings[^1]);

        var topValues = new TopValuesRequest(new LogQuery(pattern, null, from, to), LogSchema.Level, Size: 5);
        timings.Add(await QueryBenchmark.MeasureAsync(
            "`TopValuesAsync` of `log_level`, every event, whole range", async () => (await store.TopValuesAsync(topValues)).Total, warmupRuns, measuredRuns));
        Progress(timings[^1]);

        await MeasureAggregationsAsync(store, new LogQuery(pattern, null, from, to), timings, warmupRuns, measuredRuns);
        return timings;
    }

    /// <summary>What dashboards and alert rules will ask of <see cref="ILogStore.AggregateAsync"/>, and Discover's histogram before and after it.</summary>
    private static async Task MeasureAggregationsAsync(ILogStore store, LogQuery all, List<QueryTiming> timings, int warmupRuns, int measuredRuns)
    {
        (string Name, AggregationRequest Request)[] aggregations =
        [
            ("`AggregateAsync` count split by `user_id`, top 10 with the rest, every event",
                new AggregationRequest(all, AggregationMetric.Count, Split: new FieldSplit("user_id", 10))),
            ("`AggregateAsync` p50/p95/p99 of `duration_ms`, every event",
                new AggregationRequest(all, AggregationMetric.PercentilesOf("duration_ms"))),
            ("`AggregateAsync` p95 of `duration_ms` per auto bucket, `_exists_:duration_ms`",
                new AggregationRequest(all with { Query = "_exists_:duration_ms" }, AggregationMetric.PercentilesOf("duration_ms", 95), new DateHistogramSplit())),
            ("`AggregateAsync` avg `duration_ms` per auto bucket split by `status` class (interval 100)",
                new AggregationRequest(all, AggregationMetric.Avg("duration_ms"), new DateHistogramSplit(), new FieldSplit("status", 5, 100))),
            ("`AggregateAsync` cardinality of `user_id` per auto bucket, every event",
                new AggregationRequest(all, AggregationMetric.Cardinality("user_id"), new DateHistogramSplit())),
            ("`AggregateAsync` count per auto bucket split by `log_level` top 6 (Discover's histogram, one pass)",
                new AggregationRequest(all, AggregationMetric.Count, new DateHistogramSplit(), new FieldSplit(LogSchema.Level, 6))),
        ];
        foreach (var (name, request) in aggregations)
        {
            timings.Add(await QueryBenchmark.MeasureAsync(name, async () => (await store.AggregateAsync(request)).Total, warmupRuns, measuredRuns));
            Progress(timings[^1]);
        }

        // What Discover ran before the split histogram: the histogram, the top levels, then one histogram per level.
        timings.Add(await QueryBenchmark.MeasureAsync("Discover's histogram as it was: histogram + top 6 levels + one histogram per level", async () =>
        {
            var histogram = await store.HistogramAsync(new HistogramRequest(all));
            var levels = await store.TopValuesAsync(new TopValuesRequest(all, LogSchema.Level, 6));
            foreach (var level in levels.Values)
            {
                await store.HistogramAsync(new HistogramRequest(all with { Query = $"log_level:\"{level.Value}\"" }, histogram.Interval));
            }

            return histogram.Total;
        }, warmupRuns, measuredRuns));
        Progress(timings[^1]);
    }

    private static void Progress(QueryTiming timing) =>
        System.Console.Error.WriteLine($"  {timing.Name}: {timing.Hits:N0} hits, p50 {timing.P50:F1} ms, p95 {timing.P95:F1} ms");
}
