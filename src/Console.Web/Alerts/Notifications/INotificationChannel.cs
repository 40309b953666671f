namespace Console.Web.Alerts.Notifications;

/// <summary>
/// Sends one notification to one destination, once. Retries, timeouts and recording are the dispatcher's; a channel
/// answers what happened, and throws only for failures it cannot put into words (a connection refused, a cancel).
/// </summary>
public interface INotificationChannel
{
    NotificationChannelType Type { get; }

    Task<ChannelSendResult> SendAsync(AlertNotification notification, NotificationChannelDefinition channel, CancellationToken cancellationToken);
}
