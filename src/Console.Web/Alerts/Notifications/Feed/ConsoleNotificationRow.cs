namespace Console.Web.Alerts.Notifications.Feed;

/// <summary>A console notification as stored (table <c>console_notifications</c>): the notification as JSON, when it came and whether it was read.</summary>
public sealed class ConsoleNotificationRow
{
    public long Sequence { get; set; }

    public string Id { get; set; } = "";

    public string RuleId { get; set; } = "";

    public DateTimeOffset ReceivedAt { get; set; }

    public bool Read { get; set; }

    public string Json { get; set; } = "";
}
