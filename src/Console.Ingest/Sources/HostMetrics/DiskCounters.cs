using System.Globalization;

namespace Console.Ingest.Sources.HostMetrics;

/// <summary>The cumulative counters of one block device in <c>/proc/diskstats</c>.</summary>
internal sealed record DiskCounters(string Name, ulong Reads, ulong SectorsRead, ulong Writes, ulong SectorsWritten, ulong IoMilliseconds)
{
    /// <summary>The kernel counts diskstats sectors in 512 bytes whatever the device's own sector size.</summary>
    public const int SectorBytes = 512;

    /// <summary>Every device but loop and RAM disks, which only mirror I/O counted elsewhere.</summary>
    public static IReadOnlyList<DiskCounters> Parse(string text)
    {
        var disks = new List<DiskCounters>();
        foreach (var line in text.Split('\n'))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 0)
            {
                continue;
            }

            // Kernels before 2.6.25 listed partitions with 4 counters only; those lines carry nothing we report.
            if (f.Length < 14)
            {
                if (f.Length > 7)
                {
                    throw new FormatException($"a line has {f.Length} fields, at least 14 expected");
                }

                continue;
            }

            var name = f[2];
            if (name.StartsWith("loop", StringComparison.Ordinal) || name.StartsWith("ram", StringComparison.Ordinal))
            {
                continue;
            }

            disks.Add(new DiskCounters(name, Number(f[3]), Number(f[5]), Number(f[7]), Number(f[9]), Number(f[12])));
        }

        return disks;
    }

    private static ulong Number(string s) => ulong.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);
}
