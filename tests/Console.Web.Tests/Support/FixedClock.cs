using System.Diagnostics;

namespace Console.Web.Tests.Support;

/// <summary>
/// A clock that starts at a date the test chooses and then runs at real speed, so "now-15m" is predictable while
/// timeouts (multi-line flushes, refresh intervals) still pass.
/// </summary>
public sealed class FixedClock(DateTimeOffset start) : TimeProvider
{
    private readonly long _startedAt = Stopwatch.GetTimestamp();

    public DateTimeOffset Start { get; } = start;

    public override DateTimeOffset GetUtcNow() => Start + Stopwatch.GetElapsedTime(_startedAt);
}
