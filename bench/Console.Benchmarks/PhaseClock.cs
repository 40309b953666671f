using System.Diagnostics;

namespace Console.Benchmarks;

/// <summary>Wall time since a phase's first byte, and the CPU (and the console's allocations) used since.</summary>
internal sealed class PhaseClock
{
    private readonly int _consolePid;
    private readonly string _allocationsFile;
    private readonly long _started;
    private readonly TimeSpan? _consoleCpuAtStart;
    private readonly AllocationReading? _allocationsAtStart;
    private readonly TimeSpan _benchCpuAtStart;

    private PhaseClock(ConsoleProcess console)
    {
        _consolePid = console.Pid;
        _allocationsFile = console.AllocationsFile;
        _consoleCpuAtStart = ProcessCpu.Of(_consolePid);
        _allocationsAtStart = AllocationReading.Read(_allocationsFile);
        _benchCpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        _started = Stopwatch.GetTimestamp();
    }

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    public static PhaseClock Start(ConsoleProcess console) => new(console);

    /// <summary>CPU used since the start: the console's (null if unreadable) and this program's.</summary>
    public (TimeSpan? Console, TimeSpan Bench) Cpu()
    {
        var console = ProcessCpu.Of(_consolePid);
        return (console - _consoleCpuAtStart, Process.GetCurrentProcess().TotalProcessorTime - _benchCpuAtStart);
    }

    /// <summary>What the console allocated since the start, as its probe last wrote it (up to 100 ms old), or null without the probe.</summary>
    public AllocationReading? ConsoleAllocations() =>
        AllocationReading.Read(_allocationsFile) is { } now && _allocationsAtStart is { } start ? now - start : null;
}
