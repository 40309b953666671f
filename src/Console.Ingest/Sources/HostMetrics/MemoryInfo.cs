using System.Globalization;

namespace Console.Ingest.Sources.HostMetrics;

/// <summary>The figures of <c>/proc/meminfo</c> the memory metricset reports, in bytes.</summary>
internal sealed record MemoryInfo(ulong Total, ulong Free, ulong Available, ulong SwapTotal, ulong SwapFree)
{
    public static MemoryInfo Parse(string text)
    {
        var values = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var parts = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > 0 && ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                values[line[..colon]] = parts.Length > 1 && parts[1] == "kB" ? value * 1024 : value;
            }
        }

        ulong Get(string name) => values.TryGetValue(name, out var v) ? v : 0;
        if (Get("MemTotal") == 0 || !values.ContainsKey("MemFree"))
        {
            throw new FormatException("MemTotal or MemFree is missing");
        }

        // MemAvailable exists since Linux 3.14; before it, free + buffers + page cache is the usual estimate.
        var available = values.TryGetValue("MemAvailable", out var a) ? a : Get("MemFree") + Get("Buffers") + Get("Cached");
        return new MemoryInfo(Get("MemTotal"), Get("MemFree"), Math.Min(available, Get("MemTotal")), Get("SwapTotal"), Get("SwapFree"));
    }
}
