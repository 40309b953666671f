namespace Console.Web.Alerts.Notifications.Feed;

/// <summary>
/// Who <see cref="IConsoleNotificationFeed.Subscribe"/> calls back after a change, for every feed: each subscriber in
/// turn, on the caller's thread; one that throws is logged and does not stop the others.
/// </summary>
internal sealed class NotificationFeedSubscribers(ILogger logger)
{
    private readonly Lock _lock = new();
    private readonly List<Action> _subscribers = [];

    /// <summary>Adds <paramref name="changed"/>; disposing the result removes it.</summary>
    public IDisposable Subscribe(Action changed)
    {
        lock (_lock)
        {
            _subscribers.Add(changed);
        }

        return new Subscription(this, changed);
    }

    public void Notify()
    {
        Action[] subscribers;
        lock (_lock)
        {
            subscribers = [.. _subscribers];
        }

        foreach (var subscriber in subscribers)
        {
            // One broken page (a closed circuit) must not stop the others or fail the delivery that added the item.
            try
            {
                subscriber();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogWarning(e, "A notification feed subscriber failed");
            }
        }
    }

    private sealed class Subscription(NotificationFeedSubscribers owner, Action changed) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._lock)
            {
                owner._subscribers.Remove(changed);
            }
        }
    }
}
