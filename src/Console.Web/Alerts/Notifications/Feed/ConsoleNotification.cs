namespace Console.Web.Alerts.Notifications.Feed;

/// <summary>A notification in the console's list, with whether it has been read.</summary>
public sealed record ConsoleNotification(AlertNotification Notification, DateTimeOffset ReceivedAt, bool Read)
{
    public string Id => Notification.Id;
}
