namespace Console.Ingest.Sources.Connections;

/// <summary>
/// Lets one refusal log line through per interval and counts the ones held back, so a flood of refused connections or
/// requests is logged as a few lines ("and 4,210 more") instead of filling the console's own log. The counters in
/// <c>/api/ingest/stats</c> still see every refusal.
/// </summary>
public sealed class RefusalLogThrottle(TimeSpan interval, TimeProvider clock)
{
    private long _nextTicks;
    private long _heldBack;

    /// <summary>True when a line may be written now; <paramref name="heldBack"/> is how many were held back since the last one.</summary>
    public bool TryLog(out long heldBack)
    {
        var now = clock.GetUtcNow().UtcTicks;
        var next = Interlocked.Read(ref _nextTicks);
        if (now >= next && Interlocked.CompareExchange(ref _nextTicks, now + interval.Ticks, next) == next)
        {
            heldBack = Interlocked.Exchange(ref _heldBack, 0);
            return true;
        }

        Interlocked.Increment(ref _heldBack);
        heldBack = 0;
        return false;
    }
}
