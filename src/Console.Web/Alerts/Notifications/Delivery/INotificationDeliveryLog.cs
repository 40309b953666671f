namespace Console.Web.Alerts.Notifications.Delivery;

/// <summary>Where every delivery attempt's outcome is recorded, for the rule's history and the health page.</summary>
public interface INotificationDeliveryLog
{
    Task RecordAsync(DeliveryAttempt attempt, CancellationToken cancellationToken = default);

    /// <summary>The attempts for one notification, oldest first.</summary>
    Task<IReadOnlyList<DeliveryAttempt>> ForNotificationAsync(string notificationId, CancellationToken cancellationToken = default);

    /// <summary>A rule's newest <paramref name="limit"/> attempts, newest first.</summary>
    Task<IReadOnlyList<DeliveryAttempt>> ForRuleAsync(string ruleId, int limit, CancellationToken cancellationToken = default);
}
