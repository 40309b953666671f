using System.Text;
using System.Text.Json.Nodes;
using Console.Web.Alerts.Rules;

namespace Console.Web.Alerts.Notifications.Channels;

/// <summary>
/// The body of a Slack-compatible incoming webhook: <c>text</c> plus one attachment. Attachments rather than
/// <c>blocks</c> because Mattermost (and Rocket.Chat) render Slack's attachments but ignore blocks, and Slack still
/// renders attachments, so one payload reads the same everywhere.
/// </summary>
public static class SlackPayload
{
    public const string FiringColor = "#d32f2f";
    public const string ResolvedColor = "#2e7d32";

    public static JsonObject Build(AlertNotification notification)
    {
        var url = notification.DiscoverUrl.AbsoluteUri;
        var fields = new JsonArray
        {
            Field("Value", Escape(AlertNotificationText.Condition(notification)), isShort: false),
        };
        if (AlertNotificationText.Group(notification) is { } group)
        {
            fields.Add(Field("Group", Escape(group), isShort: true));
        }

        fields.Add(Field("Window", Escape(AlertNotificationText.Window(notification)), isShort: true));
        fields.Add(Field("Query", notification.Query.Length == 0 ? "(all events)" : Code(notification.Query), isShort: false));
        fields.Add(Field("Index", Escape(notification.IndexPattern), isShort: true));

        var attachment = new JsonObject
        {
            ["fallback"] = AlertNotificationText.Summary(notification),
            ["color"] = notification.State == AlertState.Firing ? FiringColor : ResolvedColor,
            ["title"] = AlertNotificationText.Title(notification),
            ["title_link"] = url,
            ["text"] = Lines(notification),
            ["fields"] = fields,
            ["footer"] = "THE_BOT log console",
            ["mrkdwn_in"] = new JsonArray("text", "fields"),
        };

        return new JsonObject
        {
            ["text"] = $"{Escape(AlertNotificationText.Summary(notification))} <{url}|Open in Discover>",
            ["attachments"] = new JsonArray(attachment),
        };
    }

    private static JsonObject Field(string title, string value, bool isShort) =>
        new() { ["title"] = title, ["value"] = value, ["short"] = isShort };

    private static string Lines(AlertNotification notification)
    {
        if (notification.Lines.Count == 0)
        {
            return "No matching log lines.";
        }

        var text = new StringBuilder("First matching log lines:\n```\n");
        foreach (var line in notification.Lines)
        {
            // Three backticks in a message would end the code block early and turn the rest into markup.
            text.Append(Escape(AlertNotificationText.Line(line)).Replace("```", "'''", StringComparison.Ordinal)).Append('\n');
        }

        return text.Append("```").ToString();
    }

    private static string Code(string text) => "`" + Escape(text).Replace('`', '\'') + "`";

    /// <summary>Slack's three control characters as entities, so a log line cannot turn into a link or a mention.</summary>
    public static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
