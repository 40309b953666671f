using System.Diagnostics;
using System.Globalization;

namespace Console.Benchmarks;

/// <summary>
/// ripgrep scanning the raw NDJSON file for the words of each query, the way one would without an index: a fixed
/// string or a regular expression over the raw line, restricted to the field where the line's layout allows, and
/// <c>--count</c> of the matching lines. Each run is a whole process (start, scan, exit), timed from start to exit.
/// </summary>
internal static class RipgrepPeer
{
    /// <summary>The rg arguments (before the file) for a query of <see cref="SeedQueries.Searches"/>; the data ends at <paramref name="end"/>, on the hour.</summary>
    public static IReadOnlyList<string> ArgumentsFor(string query, string requestId, DateTimeOffset end)
    {
        var lastHour = end.AddHours(-1).UtcDateTime.ToString("yyyy-MM-dd HH:", CultureInfo.InvariantCulture);
        return query switch
        {
            "message:\"error\"" => ["-i", "\"message\": \"[^\"]*\\berror\\b"],
            "log_level:ERROR" => ["-F", "\"levelname\": \"ERROR\""],
            "service:django-backend" => ["-F", "\"service\": \"django-backend\""],
            "user_id:123" => ["-F", "\"user_id\": \"123\""],
            "duration_ms:[100 TO 500]" => ["\"duration_ms\": ([1-4][0-9]{2}(\\.[0-9]+)?|500(\\.0+)?)[,}]"],
            "@timestamp:[now-1h TO now]" => ["-F", $"\"asctime\": \"{lastHour}"],
            "message:/^ERROR: .*/" => ["-F", "\"message\": \"ERROR: "],
            "message:/Internal Server Error.*/" => ["\"message\": \"[^\"]*Internal Server Error"],
            "(log_level:ERROR OR log_level:CRITICAL) AND service:django-backend" => ["\"levelname\": \"(ERROR|CRITICAL)\".*\"service\": \"django-backend\""],
            "" => [""],
            _ when query == $"request_id:\"{requestId}\"" => ["-F", $"\"request_id\": \"{requestId}\""],
            _ => throw new ArgumentException($"no ripgrep equivalent for {query}", nameof(query)),
        };
    }

    /// <summary>The rg command line shown in the report.</summary>
    public static string Describe(IReadOnlyList<string> arguments) =>
        "rg -c " + string.Join(' ', arguments.Select(a => a.Length > 0 && a.All(c => char.IsLetterOrDigit(c) || c is '-') ? a : "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));

    public static async Task<PeerQueryTiming> MeasureCountAsync(IReadOnlyList<string> arguments, string file, int warmup, int runs)
    {
        long hits = 0;
        return await MeasureAsync(async () =>
        {
            var (exit, _) = await ChildProcess.RunAsync("rg", ["--no-config", "-c", .. arguments, file], line => hits = long.Parse(line, CultureInfo.InvariantCulture));
            if (exit is not (0 or 1)) // 1: no line matched
            {
                throw new InvalidOperationException($"rg failed ({exit}): {Describe(arguments)}");
            }

            var found = exit == 1 ? 0 : hits;
            hits = 0;
            return found;
        }, warmup, runs);
    }

    /// <summary>The 24 h histogram: rg prints each line's asctime up to the hour and the bench counts them per hour.</summary>
    public static async Task<PeerQueryTiming> MeasureHistogramAsync(string file, DateTimeOffset end, int warmup, int runs)
    {
        var firstHour = end.AddHours(-24);
        var hours = Enumerable.Range(0, 24).Select(h => firstHour.AddHours(h).UtcDateTime.ToString("yyyy-MM-dd HH", CultureInfo.InvariantCulture)).ToList();
        return await MeasureAsync(async () =>
        {
            var counts = hours.ToDictionary(h => h, _ => 0L, StringComparer.Ordinal);
            var (exit, _) = await ChildProcess.RunAsync("rg", ["--no-config", "-o", "-N", "--no-filename", "\"asctime\": \"[0-9-]+ [0-9]{2}", file], line =>
            {
                var hour = line[^13..];
                if (counts.TryGetValue(hour, out var count))
                {
                    counts[hour] = count + 1;
                }
            });
            if (exit != 0)
            {
                throw new InvalidOperationException($"rg failed ({exit}) on the histogram");
            }

            return counts.Values.Sum();
        }, warmup, runs);
    }

    public static string HistogramCommand => "rg -o -N '\"asctime\": \"[0-9-]+ [0-9]{2}' and a count per hour in the bench";

    private static async Task<PeerQueryTiming> MeasureAsync(Func<Task<long>> run, int warmup, int runs)
    {
        var load = MachineDescription.OneMinuteLoad();
        long hits = 0;
        for (var i = 0; i < warmup; i++)
        {
            hits = await run();
        }

        var millis = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            hits = await run();
            millis[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(millis);
        return new PeerQueryTiming(hits, Percentile(millis, 0.50), Percentile(millis, 0.95), millis[^1], load);
    }

    private static double Percentile(double[] sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];
}
