using System.Collections.Immutable;
using Console.Shared.Events;

namespace Console.Ingest.Tail;

/// <summary>
/// Hands every accepted event (once it is in the durable queue) to the live-tail viewers. Each viewer has its own bounded buffer: a viewer that reads too
/// slowly loses its oldest unread events (counted as skipped), so a slow browser never makes the server buffer without
/// bound, and never slows ingestion, which only ever does a non-blocking write.
/// </summary>
public sealed class LiveTailFeed
{
    private ImmutableArray<LiveTailSubscription> _subscriptions = [];

    /// <summary>Viewers subscribed now.</summary>
    public int Subscribers => _subscriptions.Length;

    /// <summary>Starts receiving events from now on; dispose the subscription to stop.</summary>
    public LiveTailSubscription Subscribe(int capacity = LiveTailSubscription.DefaultCapacity)
    {
        var subscription = new LiveTailSubscription(capacity, Unsubscribe);
        ImmutableInterlocked.Update(ref _subscriptions, list => list.Add(subscription));
        return subscription;
    }

    /// <summary>Offers <paramref name="events"/> to every viewer (called by the pipeline once they are in the durable queue).</summary>
    public void Publish(IReadOnlyList<LogEvent> events)
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Offer(events);
        }
    }

    private void Unsubscribe(LiveTailSubscription subscription) =>
        ImmutableInterlocked.Update(ref _subscriptions, list => list.Remove(subscription));
}
