using System.Globalization;

namespace Console.Benchmarks;

/// <summary>Resident set size of this process as Linux reports it in <c>/proc/self/status</c>.</summary>
internal static class ProcessMemory
{
    /// <summary>Current resident set size (VmRSS) in bytes, or null off Linux.</summary>
    public static long? CurrentRss() => ReadStatus("VmRSS:");

    /// <summary>Peak resident set size (VmHWM) in bytes since start or the last <see cref="ResetPeak"/>, or null off Linux.</summary>
    public static long? PeakRss() => ReadStatus("VmHWM:");

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

    private static long? ReadStatus(string key)
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (var line in File.ReadLines(path))
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
