using System.Globalization;

namespace Console.Ingest.Sources.HostMetrics;

/// <summary>The cumulative counters of one network interface in <c>/proc/net/dev</c>.</summary>
internal sealed record InterfaceCounters(
    string Name,
    ulong InBytes,
    ulong InPackets,
    ulong InErrors,
    ulong InDropped,
    ulong OutBytes,
    ulong OutPackets,
    ulong OutErrors,
    ulong OutDropped)
{
    public static IReadOnlyList<InterfaceCounters> Parse(string text)
    {
        var interfaces = new List<InterfaceCounters>();
        foreach (var line in text.Split('\n'))
        {
            // The two header lines have '|' where interface lines have "name:"; old kernels write "eth0:123" without a space.
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || line.Contains('|', StringComparison.Ordinal))
            {
                continue;
            }

            var f = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 16)
            {
                throw new FormatException($"a line has {f.Length} counters, 16 expected");
            }

            interfaces.Add(new InterfaceCounters(
                line[..colon].Trim(),
                Number(f[0]), Number(f[1]), Number(f[2]), Number(f[3]),
                Number(f[8]), Number(f[9]), Number(f[10]), Number(f[11])));
        }

        return interfaces;
    }

    private static ulong Number(string s) => ulong.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);
}
