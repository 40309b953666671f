namespace Console.Ingest.Pipeline;

/// <summary>
/// The counts one source or stage reports (like Logstash's node stats), updated without locks. A source's rejections
/// also go to its <see cref="RejectionLog"/>, which keeps a flood of them from flooding the console's own log.
/// </summary>
public sealed class ComponentCounters(string name, RejectionLog? rejectionLog = null)
{
    private long _received;
    private long _parsed;
    private long _failed;
    private long _dropped;
    private long _rejected;
    private long _queued;
    private long _indexed;
    private long _connectionsRefused;
    private long _rateLimited;
    private long _lastSeenTicks;

    public string Name { get; } = name;

    public long Received => Interlocked.Read(ref _received);

    public long Parsed => Interlocked.Read(ref _parsed);

    public long Failed => Interlocked.Read(ref _failed);

    public long Dropped => Interlocked.Read(ref _dropped);

    public long Rejected => Interlocked.Read(ref _rejected);

    public long Queued => Interlocked.Read(ref _queued);

    public long Indexed => Interlocked.Read(ref _indexed);

    /// <summary>TCP connections closed at once because a connection limit was reached.</summary>
    public long ConnectionsRefused => Interlocked.Read(ref _connectionsRefused);

    /// <summary>HTTP requests answered 429 because their sender went over its rate limit (nothing of them was read).</summary>
    public long RateLimited => Interlocked.Read(ref _rateLimited);

    public DateTimeOffset? LastSeen => Interlocked.Read(ref _lastSeenTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>The most recent rejections with their reasons (seqcli's ingestion log idea), newest last.</summary>
    public RecentRejections Recent { get; } = new(capacity: 20);

    public void AddReceived(long count, DateTimeOffset at)
    {
        Interlocked.Add(ref _received, count);
        Interlocked.Exchange(ref _lastSeenTicks, at.UtcTicks);
    }

    public void AddParsed(long count) => Interlocked.Add(ref _parsed, count);

    public void AddFailed(long count) => Interlocked.Add(ref _failed, count);

    /// <summary>Counts a failure (a store write that will be retried, a queue write that was refused) and remembers why.</summary>
    public void Fail(string reason, DateTimeOffset at, long count = 1)
    {
        Interlocked.Add(ref _failed, count);
        Recent.Add(at, reason);
    }

    public void AddDropped(long count) => Interlocked.Add(ref _dropped, count);

    public void AddQueued(long count) => Interlocked.Add(ref _queued, count);

    public void AddIndexed(long count) => Interlocked.Add(ref _indexed, count);

    /// <summary>Counts a rejected input (bad line, oversize event, malformed frame) and remembers why.</summary>
    public void Reject(string reason, DateTimeOffset at, long count = 1)
    {
        Interlocked.Add(ref _rejected, count);
        Recent.Add(at, reason);
        rejectionLog?.Add(reason, count);
    }

    /// <summary>Counts a connection refused by a connection limit and remembers why, beside the rejected events.</summary>
    public void RefuseConnection(string reason, DateTimeOffset at)
    {
        Interlocked.Increment(ref _connectionsRefused);
        Recent.Add(at, reason);
    }

    /// <summary>Counts a request refused by a rate limit and remembers why.</summary>
    public void RateLimit(string reason, DateTimeOffset at)
    {
        Interlocked.Increment(ref _rateLimited);
        Recent.Add(at, reason);
    }
}
