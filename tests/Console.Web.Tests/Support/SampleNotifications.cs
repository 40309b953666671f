using Console.Web.Alerts.Notifications;
using Console.Web.Alerts.Rules;

namespace Console.Web.Tests.Support;

/// <summary>Notifications and channels as a rule engine would hand them over; tests change what they look at with <c>with</c>.</summary>
public static class SampleNotifications
{
    public static readonly DateTimeOffset WindowEnd = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    public static AlertNotification Firing() => new()
    {
        RuleId = "rule-5xx",
        RuleName = "Too many 5xx from one client",
        State = AlertState.Firing,
        Metric = "count",
        Value = 42,
        Comparison = ThresholdComparison.Above,
        Threshold = 10,
        GroupField = "client.ip",
        GroupValue = "10.0.0.7",
        IndexPattern = "thebot-logs-*",
        Query = "http.status_code:>=500",
        WindowStart = WindowEnd.AddMinutes(-5),
        WindowEnd = WindowEnd,
        Lines =
        [
            new AlertLogLine(WindowEnd.AddSeconds(-2), "ERROR", "django-backend", "Internal Server Error: /api/orders <script>alert(1)</script> & more"),
            new AlertLogLine(WindowEnd.AddSeconds(-9), "ERROR", "nginx", "GET /api/orders 502"),
        ],
        DiscoverUrl = new Uri("http://logs.example.com/discover?index=thebot-logs-*&q=x"),
        CreatedAt = WindowEnd.AddSeconds(1),
    };

    public static NotificationChannelDefinition Webhook(Uri url) => new()
    {
        Id = "ch-webhook",
        Name = "ops webhook",
        Type = NotificationChannelType.Webhook,
        Url = url.AbsoluteUri,
        Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer s3cret", ["X-Team"] = "platform" },
    };

    public static NotificationChannelDefinition Slack(Uri url) => new()
    {
        Id = "ch-slack",
        Name = "#alerts",
        Type = NotificationChannelType.Slack,
        Url = url.AbsoluteUri,
    };

    public static NotificationChannelDefinition Email(params string[] recipients) => new()
    {
        Id = "ch-email",
        Name = "on-call mail",
        Type = NotificationChannelType.Email,
        Recipients = recipients,
    };

    public static NotificationChannelDefinition ConsoleFeed() => new()
    {
        Id = "ch-console",
        Name = "console",
        Type = NotificationChannelType.Console,
    };
}
