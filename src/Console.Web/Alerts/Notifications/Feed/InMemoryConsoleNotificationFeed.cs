using Microsoft.Extensions.Options;

namespace Console.Web.Alerts.Notifications.Feed;

/// <summary>The feed in memory, keeping the newest <c>Alerts:Notifications:FeedCapacity</c>; lost on restart.</summary>
public sealed class InMemoryConsoleNotificationFeed(
    IOptions<AlertNotificationOptions> options,
    TimeProvider time,
    ILogger<InMemoryConsoleNotificationFeed> logger) : IConsoleNotificationFeed
{
    private readonly Lock _lock = new();
    // Oldest first, so adding appends and trimming removes from the front.
    private readonly List<ConsoleNotification> _items = [];
    private readonly List<Action> _subscribers = [];

    public Task AddAsync(AlertNotification notification, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_items.Exists(item => item.Id == notification.Id))
            {
                return Task.CompletedTask;
            }

            _items.Add(new ConsoleNotification(notification, time.GetUtcNow(), Read: false));
            var excess = _items.Count - options.Value.FeedCapacity;
            if (excess > 0)
            {
                _items.RemoveRange(0, excess);
            }
        }

        Notify();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ConsoleNotification>> ListAsync(int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<ConsoleNotification> newest = _items.AsEnumerable().Reverse().Take(Math.Max(0, limit)).ToList();
            return Task.FromResult(newest);
        }
    }

    public Task<int> CountUnreadAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_items.Count(item => !item.Read));
        }
    }

    public Task<bool> MarkReadAsync(string id, CancellationToken cancellationToken = default)
    {
        bool changed;
        lock (_lock)
        {
            var index = _items.FindIndex(item => item.Id == id);
            if (index < 0)
            {
                return Task.FromResult(false);
            }

            changed = !_items[index].Read;
            _items[index] = _items[index] with { Read = true };
        }

        if (changed)
        {
            Notify();
        }

        return Task.FromResult(true);
    }

    public Task MarkAllReadAsync(CancellationToken cancellationToken = default)
    {
        bool changed;
        lock (_lock)
        {
            changed = _items.Exists(item => !item.Read);
            for (var i = 0; i < _items.Count; i++)
            {
                _items[i] = _items[i] with { Read = true };
            }
        }

        if (changed)
        {
            Notify();
        }

        return Task.CompletedTask;
    }

    public IDisposable Subscribe(Action changed)
    {
        lock (_lock)
        {
            _subscribers.Add(changed);
        }

        return new Subscription(this, changed);
    }

    private void Notify()
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

    private sealed class Subscription(InMemoryConsoleNotificationFeed feed, Action changed) : IDisposable
    {
        public void Dispose()
        {
            lock (feed._lock)
            {
                feed._subscribers.Remove(changed);
            }
        }
    }
}
