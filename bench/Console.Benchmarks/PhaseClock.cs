using System.Diagnostics;

namespace Console.Benchmarks;

/// <summary>Wall time since a phase's first byte, and the CPU the console and this program used since.</summary>
internal sealed class PhaseClock
{
    private readonly int _consolePid;
    private readonly long _started;
    private readonly TimeSpan? _consoleCpuAtStart;
    private readonly TimeSpan _benchCpuAtStart;

    private PhaseClock(int consolePid)
    {
        _consolePid = consolePid;
        _consoleCpuAtStart = ProcessCpu.Of(consolePid);
        _benchCpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        _started = Stopwatch.GetTimestamp();
    }

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    public static PhaseClock Start(int consolePid) => new(consolePid);

    /// <summary>CPU used since the start: the console's (null if unreadable) and this program's.</summary>
    public (TimeSpan? Console, TimeSpan Bench) Cpu()
    {
        var console = ProcessCpu.Of(_consolePid);
        return (console - _consoleCpuAtStart, Process.GetCurrentProcess().TotalProcessorTime - _benchCpuAtStart);
    }
}
