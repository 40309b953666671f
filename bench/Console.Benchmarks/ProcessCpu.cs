using System.Globalization;

namespace Console.Benchmarks;

/// <summary>CPU time (user + system) a process has used, from <c>/proc/&lt;pid&gt;/stat</c>.</summary>
internal static class ProcessCpu
{
    /// <summary>Linux's USER_HZ: the unit of utime/stime; 100 on every mainstream kernel build.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>User + system CPU time of process <paramref name="pid"/>, or null off Linux or once it has exited.</summary>
    public static TimeSpan? Of(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            // The command name (field 2) may hold spaces and parentheses: count fields from the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
