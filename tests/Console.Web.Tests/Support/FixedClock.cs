namespace Console.Web.Tests.Support;

/// <summary>Wall-clock time fixed by the test; timers still tick in real time.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
