using System.Diagnostics;

namespace Console.Benchmarks;

/// <summary>Times a read against the store: warm-up runs first (JIT, caches), then measured runs, nearest-rank percentiles.</summary>
internal static class QueryBenchmark
{
    /// <param name="run">One call; returns the number of matching events.</param>
    public static async Task<QueryTiming> MeasureAsync(string name, Func<Task<long>> run, int warmupRuns, int measuredRuns)
    {
        long hits = 0;
        for (var i = 0; i < warmupRuns; i++)
        {
            hits = await run();
        }

        var millis = new double[measuredRuns];
        for (var i = 0; i < measuredRuns; i++)
        {
            var started = Stopwatch.GetTimestamp();
            hits = await run();
            millis[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(millis);
        return new QueryTiming(name, hits, Percentile(millis, 0.50), Percentile(millis, 0.95), millis[^1]);
    }

    private static double Percentile(double[] sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];
}
