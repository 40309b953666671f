namespace Console.Web.Alerts.Notifications.Delivery;

/// <summary>
/// What the rule engine calls when a rule fires or resolves. Neither method waits for a delivery: notifications go
/// into a bounded queue that a background service works through, with retries, recording every outcome.
/// </summary>
public interface INotificationDispatcher
{
    /// <summary>
    /// Queues <paramref name="notification"/> for each of <paramref name="channels"/>; returns how many were queued.
    /// One that does not fit in the queue is recorded as dropped rather than waited for.
    /// </summary>
    ValueTask<int> EnqueueAsync(AlertNotification notification, IReadOnlyList<NotificationChannelDefinition> channels, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records that <paramref name="notification"/> was held back for each of <paramref name="channels"/> and why
    /// (the rule engine decides snoozes, maintenance windows and acknowledgements; the dispatcher keeps the record).
    /// </summary>
    Task SuppressAsync(AlertNotification notification, IReadOnlyList<NotificationChannelDefinition> channels, SuppressionReason reason, string detail, CancellationToken cancellationToken = default);
}
