using System.Net;
using System.Text;
using MimeKit;
using Console.Web.Alerts.Rules;

namespace Console.Web.Alerts.Notifications.Channels;

/// <summary>A notification as an email: the summary as subject, a plain-text part and an HTML part.</summary>
public static class AlertEmail
{
    public static MimeMessage Build(AlertNotification notification, MailboxAddress from, IEnumerable<MailboxAddress> to)
    {
        var message = new MimeMessage();
        message.From.Add(from);
        message.To.AddRange(to);
        // A rule or group name with a line break would otherwise fold into a broken header.
        message.Subject = AlertNotificationText.Summary(notification).ReplaceLineEndings(" ");
        message.Headers.Add("X-Alert-Rule-Id", notification.RuleId);
        message.Headers.Add("X-Alert-State", notification.State.ToString());
        var body = new BodyBuilder { TextBody = Text(notification), HtmlBody = Html(notification) };
        message.Body = body.ToMessageBody();
        return message;
    }

    public static string Text(AlertNotification notification)
    {
        var text = new StringBuilder();
        text.AppendLine(AlertNotificationText.Title(notification)).AppendLine();
        text.AppendLine($"Value:  {AlertNotificationText.Condition(notification)}");
        if (AlertNotificationText.Group(notification) is { } group)
        {
            text.AppendLine($"Group:  {group}");
        }

        text.AppendLine($"Window: {AlertNotificationText.Window(notification)}");
        text.AppendLine($"Index:  {notification.IndexPattern}");
        text.AppendLine($"Query:  {(notification.Query.Length == 0 ? "(all events)" : notification.Query)}");
        text.AppendLine().AppendLine($"Open in Discover: {notification.DiscoverUrl.AbsoluteUri}").AppendLine();
        if (notification.Lines.Count == 0)
        {
            text.AppendLine("No matching log lines.");
        }
        else
        {
            text.AppendLine("First matching log lines:");
            foreach (var line in notification.Lines)
            {
                text.AppendLine(AlertNotificationText.Line(line));
            }
        }

        return text.ToString();
    }

    public static string Html(AlertNotification notification)
    {
        var color = notification.State == AlertState.Firing ? SlackPayload.FiringColor : SlackPayload.ResolvedColor;
        var url = WebUtility.HtmlEncode(notification.DiscoverUrl.AbsoluteUri);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
        html.Append($"<h2 style=\"color:{color}\">{E(AlertNotificationText.Title(notification))}</h2>");
        html.Append("<table cellpadding=\"4\">");
        Row(html, "Value", AlertNotificationText.Condition(notification));
        if (AlertNotificationText.Group(notification) is { } group)
        {
            Row(html, "Group", group);
        }

        Row(html, "Window", AlertNotificationText.Window(notification));
        Row(html, "Index", notification.IndexPattern);
        Row(html, "Query", notification.Query.Length == 0 ? "(all events)" : notification.Query);
        html.Append("</table>");
        html.Append($"<p><a href=\"{url}\">Open in Discover</a></p>");
        if (notification.Lines.Count == 0)
        {
            html.Append("<p>No matching log lines.</p>");
        }
        else
        {
            html.Append("<p>First matching log lines:</p><table cellpadding=\"4\" style=\"font-family:monospace;border-collapse:collapse\">");
            foreach (var line in notification.Lines)
            {
                html.Append("<tr style=\"vertical-align:top\">")
                    .Append($"<td>{E(AlertNotificationText.Timestamp(line.Timestamp))}</td><td>{E(line.Level)}</td><td>{E(line.Service)}</td>")
                    .Append($"<td style=\"white-space:pre-wrap\">{E(line.Message)}</td></tr>");
            }

            html.Append("</table>");
        }

        return html.Append("</body></html>").ToString();
    }

    private static void Row(StringBuilder html, string name, string value) =>
        html.Append($"<tr><th align=\"left\">{name}</th><td>{E(value)}</td></tr>");

    // Log lines are whatever a client sent; encoded, a "<script>" in a message is text, never markup.
    private static string E(string text) => WebUtility.HtmlEncode(text);
}
