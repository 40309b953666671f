namespace Console.Shared.Tests.Support;

/// <summary>A clock that says what the test tells it.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    /// <summary>Added to the real monotonic timestamp, so a test can make an interval pass without waiting for it.</summary>
    public TimeSpan Skipped { get; set; }

    public override DateTimeOffset GetUtcNow() => Now;

    public override long GetTimestamp() => base.GetTimestamp() + (long)(Skipped.TotalSeconds * TimestampFrequency);
}
