using System.Globalization;

namespace Console.Ingest.Sources.HostMetrics;

/// <summary>What <c>/proc/stat</c> says about the CPUs: the summed ticks of all of them and how many there are.</summary>
internal sealed record CpuStat(CpuTimes All, int Cores)
{
    public static CpuStat Parse(string text)
    {
        CpuTimes? all = null;
        var cores = 0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("cpu ", StringComparison.Ordinal))
            {
                all = ParseTimes(line);
            }
            else if (line.Length > 3 && line.StartsWith("cpu", StringComparison.Ordinal) && char.IsAsciiDigit(line[3]))
            {
                cores++;
            }
        }

        if (all is null)
        {
            throw new FormatException("no 'cpu' line");
        }

        return new CpuStat(all.Value, cores);
    }

    private static CpuTimes ParseTimes(string line)
    {
        var values = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(v => ulong.Parse(v, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
        if (values.Length < 4)
        {
            throw new FormatException($"the 'cpu' line has {values.Length} values, at least 4 expected");
        }

        // Older kernels have fewer columns (iowait, irq, softirq and steal came later); missing ones are 0.
        ulong At(int i) => i < values.Length ? values[i] : 0;
        return new CpuTimes(At(0), At(1), At(2), At(3), At(4), At(5), At(6), At(7));
    }
}
