namespace Console.Web.Alerts.Notifications.Channels;

/// <summary>Delivers <see cref="SlackPayload"/> to a Slack or Mattermost incoming webhook.</summary>
public sealed class SlackChannel(WebhookPoster poster) : INotificationChannel
{
    public NotificationChannelType Type => NotificationChannelType.Slack;

    public Task<ChannelSendResult> SendAsync(AlertNotification notification, NotificationChannelDefinition channel, CancellationToken cancellationToken) =>
        poster.PostAsync(SlackPayload.Build(notification), channel, cancellationToken);
}
