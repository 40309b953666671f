namespace Console.Ingest.Tests.Support;

/// <summary>
/// A clock that moves only when the test advances it: wall time and the monotonic timestamps that rates are measured
/// with move together, so a rate over a 10 s <see cref="Advance"/> is exact.
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _lock = new();
    private TimeSpan _elapsed;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return start + _elapsed;
        }
    }

    public override long GetTimestamp()
    {
        lock (_lock)
        {
            return _elapsed.Ticks;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_lock)
        {
            _elapsed += by;
        }
    }
}
