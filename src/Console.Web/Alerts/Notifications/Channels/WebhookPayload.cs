using System.Text.Json.Nodes;
using Console.Web.Alerts.Rules;

namespace Console.Web.Alerts.Notifications.Channels;

/// <summary>The generic webhook's JSON body (version 1, documented in README.md under "Alert notifications").</summary>
public static class WebhookPayload
{
    public const int Version = 1;

    public static JsonObject Build(AlertNotification notification) => new()
    {
        ["version"] = Version,
        ["id"] = notification.Id,
        ["transition"] = notification.State == AlertState.Firing ? "firing" : "resolved",
        ["rule"] = new JsonObject { ["id"] = notification.RuleId, ["name"] = notification.RuleName },
        ["summary"] = AlertNotificationText.Summary(notification),
        ["metric"] = notification.Metric,
        ["value"] = notification.Value,
        // True when the window had nothing to measure and the rule's no-data handling fired or resolved it (value is then 0).
        ["no_data"] = notification.NoData,
        ["comparison"] = AlertNotificationText.Symbol(notification.Comparison),
        ["threshold"] = notification.Threshold,
        ["group"] = notification.GroupField is null
            ? null
            : new JsonObject { ["field"] = notification.GroupField, ["value"] = notification.GroupValue },
        ["index"] = notification.IndexPattern,
        ["query"] = notification.Query,
        ["window"] = new JsonObject
        {
            ["from"] = AlertNotificationText.Timestamp(notification.WindowStart),
            ["to"] = AlertNotificationText.Timestamp(notification.WindowEnd),
        },
        ["discover_url"] = notification.DiscoverUrl.AbsoluteUri,
        ["lines"] = new JsonArray(notification.Lines.Select(line => (JsonNode)new JsonObject
        {
            ["timestamp"] = AlertNotificationText.Timestamp(line.Timestamp),
            ["level"] = line.Level,
            ["service"] = line.Service,
            ["message"] = line.Message,
        }).ToArray()),
        ["created_at"] = AlertNotificationText.Timestamp(notification.CreatedAt),
    };
}
