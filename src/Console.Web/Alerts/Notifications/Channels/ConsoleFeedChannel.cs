using Console.Web.Alerts.Notifications.Feed;

namespace Console.Web.Alerts.Notifications.Channels;

/// <summary>Puts a notification into the console's own list (the notification bell).</summary>
public sealed class ConsoleFeedChannel(IConsoleNotificationFeed feed) : INotificationChannel
{
    public NotificationChannelType Type => NotificationChannelType.Console;

    public async Task<ChannelSendResult> SendAsync(AlertNotification notification, NotificationChannelDefinition channel, CancellationToken cancellationToken)
    {
        await feed.AddAsync(notification, cancellationToken);
        return ChannelSendResult.Success();
    }
}
