namespace Console.Web.Alerts.Notifications.Channels;

/// <summary>Delivers <see cref="WebhookPayload"/> to any URL: for scripts, PagerDuty-style bridges, n8n, Zapier.</summary>
public sealed class WebhookChannel(WebhookPoster poster) : INotificationChannel
{
    public NotificationChannelType Type => NotificationChannelType.Webhook;

    public Task<ChannelSendResult> SendAsync(AlertNotification notification, NotificationChannelDefinition channel, CancellationToken cancellationToken) =>
        poster.PostAsync(WebhookPayload.Build(notification), channel, cancellationToken);
}
