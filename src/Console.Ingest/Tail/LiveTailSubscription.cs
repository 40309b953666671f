using System.Threading.Channels;
using Console.Shared.Events;

namespace Console.Ingest.Tail;

/// <summary>One viewer's bounded buffer of accepted events; when it is full the oldest unread event is dropped and counted.</summary>
public sealed class LiveTailSubscription : IDisposable
{
    /// <summary>Unread events a viewer may fall behind by before the oldest are skipped.</summary>
    public const int DefaultCapacity = 10_000;

    private readonly Channel<LogEvent> _events;
    private readonly Action<LiveTailSubscription> _unsubscribe;
    private long _skipped;

    internal LiveTailSubscription(int capacity, Action<LiveTailSubscription> unsubscribe)
    {
        _events = Channel.CreateBounded<LogEvent>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true },
            _ => Interlocked.Increment(ref _skipped));
        _unsubscribe = unsubscribe;
    }

    public ChannelReader<LogEvent> Events => _events.Reader;

    /// <summary>Events dropped unread because this viewer fell more than the capacity behind.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    public void Dispose()
    {
        _unsubscribe(this);
        _events.Writer.TryComplete();
    }

    internal void Offer(IReadOnlyList<LogEvent> events)
    {
        foreach (var logEvent in events)
        {
            _events.Writer.TryWrite(logEvent);
        }
    }
}
