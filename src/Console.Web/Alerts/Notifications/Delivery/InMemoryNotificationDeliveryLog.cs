using Microsoft.Extensions.Options;

namespace Console.Web.Alerts.Notifications.Delivery;

/// <summary>The delivery log in memory, keeping the newest <c>Alerts:Notifications:DeliveryLogCapacity</c> attempts.</summary>
public sealed class InMemoryNotificationDeliveryLog(IOptions<AlertNotificationOptions> options) : INotificationDeliveryLog
{
    private readonly Lock _lock = new();
    private readonly Queue<DeliveryAttempt> _attempts = new();

    public Task RecordAsync(DeliveryAttempt attempt, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _attempts.Enqueue(attempt);
            while (_attempts.Count > options.Value.DeliveryLogCapacity)
            {
                _attempts.Dequeue();
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DeliveryAttempt>> ForNotificationAsync(string notificationId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<DeliveryAttempt> found = _attempts.Where(a => a.NotificationId == notificationId).ToList();
            return Task.FromResult(found);
        }
    }

    public Task<IReadOnlyList<DeliveryAttempt>> ForRuleAsync(string ruleId, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<DeliveryAttempt> found = _attempts.Where(a => a.RuleId == ruleId).Reverse().Take(Math.Max(0, limit)).ToList();
            return Task.FromResult(found);
        }
    }
}
