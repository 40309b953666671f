using Microsoft.Extensions.Options;

namespace Console.Web.Alerts.Notifications.Feed;

/// <summary>The feed in memory, keeping the newest <c>Alerts:Notifications:FeedCapacity</c>; lost on restart.</summary>
public sealed class InMemoryConsoleNotificationFeed(
    IOptions<AlertNotificationOptions> options,
    TimeProvider time,
    ILogger<InMemoryConsoleNotificationFeed> logger) : IConsoleNotificationFeed
{
    private readonly Lock _lock = new();
    private readonly NotificationFeedSubscribers _subscribers = new(logger);
    // Oldest first, so adding appends and trimming removes from the front.
    private readonly List<ConsoleNotification> _items = [];

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

        _subscribers.Notify();
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
            _subscribers.Notify();
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
            _subscribers.Notify();
        }

        return Task.CompletedTask;
    }

    public IDisposable Subscribe(Action changed) => _subscribers.Subscribe(changed);
}
