using Console.Shared.Events;
using Console.Shared.Storage;

namespace Console.Benchmarks;

/// <summary>The seed's "Searching Logs" examples and the aggregations Discover runs beside them, each timed.</summary>
internal static class SeedQueries
{
    public static async Task<IReadOnlyList<QueryTiming>> MeasureAsync(
        ILogStore store, string pattern, DateTimeOffset from, DateTimeOffset to, string requestId, int warmupRuns, int measuredRuns)
    {
        string[] searches =
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

        var timings = new List<QueryTiming>();
        foreach (var text in searches)
        {
            // Discover's first page: newest first, 50 hits, over the whole range of the data.
            var request = new SearchRequest(new LogQuery(pattern, text, from, to), Size: 50, Sort: SortOrder.Descending);
            var name = text.Length == 0 ? "(empty: every event, Discover's default)" : $"`{text}`";
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
        return timings;
    }

    private static void Progress(QueryTiming timing) =>
        System.Console.Error.WriteLine($"  {timing.Name}: {timing.Hits:N0} hits, p50 {timing.P50:F1} ms, p95 {timing.P95:F1} ms");
}
