namespace Console.Ingest.Sources.HostMetrics;

/// <summary>The cumulative clock ticks of the <c>cpu</c> line of <c>/proc/stat</c>; percentages come from the difference of two.</summary>
internal readonly record struct CpuTimes(ulong User, ulong Nice, ulong System, ulong Idle, ulong IoWait, ulong Irq, ulong SoftIrq, ulong Steal)
{
    /// <summary>All ticks; guest and guest_nice are left out because the kernel already counts them in user and nice.</summary>
    public ulong Total => User + Nice + System + Idle + IoWait + Irq + SoftIrq + Steal;

    /// <summary>The ticks since <paramref name="earlier"/>; a counter that went backwards (iowait does on some kernels) counts as 0.</summary>
    public CpuTimes Since(CpuTimes earlier) => new(
        Delta(User, earlier.User),
        Delta(Nice, earlier.Nice),
        Delta(System, earlier.System),
        Delta(Idle, earlier.Idle),
        Delta(IoWait, earlier.IoWait),
        Delta(Irq, earlier.Irq),
        Delta(SoftIrq, earlier.SoftIrq),
        Delta(Steal, earlier.Steal));

    private static ulong Delta(ulong now, ulong before) => now >= before ? now - before : 0;
}
