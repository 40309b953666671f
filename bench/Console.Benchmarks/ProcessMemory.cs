using System.Globalization;

namespace Console.Benchmarks;

/// <summary>Resident set size of this process (or another, by id) as Linux reports it in <c>/proc/&lt;pid&gt;/status</c>.</summary>
internal static class ProcessMemory
{
    /// <summary>Current resident set size (VmRSS) in bytes, or null off Linux.</summary>
    public static long? CurrentRss() => ReadStatus("self", "VmRSS:");

    /// <summary>Current resident set size of process <paramref name="pid"/>, or null off Linux or once it has exited.</summary>
    public static long? CurrentRss(int pid) => ReadStatus(pid.ToString(CultureInfo.InvariantCulture), "VmRSS:");

    /// <summary>Peak resident set size (VmHWM) in bytes since start or the last <see cref="ResetPeak"/>, or null off Linux.</summary>
    public static long? PeakRss() => ReadStatus("self", "VmHWM:");

    /// <summary>Peak resident set size (VmHWM) of process <paramref name="pid"/> since it started, or null off Linux or once it has exited.</summary>
    public static long? PeakRss(int pid) => ReadStatus(pid.ToString(CultureInfo.InvariantCulture), "VmHWM:");

    /// <summary>Sets the peak back to the current RSS (writing 5 to clear_refs), so a phase's peak excludes earlier ones; false if the kernel refused.</summary>
    public static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long? ReadStatus(string process, string key)
    {
        var path = $"/proc/{process}/status";
        if (!File.Exists(path))
        {
            return null;
        }

        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // the process exited between the check and the read
        }

        foreach (var line in lines)
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                // "VmHWM:	  123456 kB"
                var number = line[key.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                return long.Parse(number, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return null;
    }
}
