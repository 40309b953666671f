using Console.Web.Alerts.Notifications;
using Console.Web.Alerts.Notifications.Delivery;

namespace Console.Web.Tests.Support;

/// <summary>A dispatcher that keeps what it is handed, for tests of what calls it.</summary>
public sealed class RecordingDispatcher : INotificationDispatcher
{
    public List<(AlertNotification Notification, IReadOnlyList<NotificationChannelDefinition> Channels)> Enqueued { get; } = [];

    public ValueTask<int> EnqueueAsync(AlertNotification notification, IReadOnlyList<NotificationChannelDefinition> channels, CancellationToken cancellationToken = default)
    {
        Enqueued.Add((notification, channels));
        return ValueTask.FromResult(channels.Count);
    }

    public Task SuppressAsync(AlertNotification notification, IReadOnlyList<NotificationChannelDefinition> channels, SuppressionReason reason, string detail, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("not expected in these tests");
}
