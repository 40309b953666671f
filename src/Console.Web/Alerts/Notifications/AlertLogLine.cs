using System.Text.Json.Nodes;
using Console.Shared.Events;

namespace Console.Web.Alerts.Notifications;

/// <summary>One matching log event as a notification shows it.</summary>
public sealed record AlertLogLine(DateTimeOffset Timestamp, string Level, string Service, string Message)
{
    /// <summary>The line of a stored event: its time, <c>log_level</c>, <c>service</c> and <c>message</c> (empty when absent).</summary>
    public static AlertLogLine From(LogEvent logEvent) => new(
        logEvent.Timestamp,
        Text(logEvent.Source, "log_level"),
        Text(logEvent.Source, "service"),
        Text(logEvent.Source, "message"));

    /// <summary>
    /// This line with its message cut to <paramref name="maxChars"/> characters (an ellipsis marks the cut), so one
    /// traceback cannot make a payload or an email unreadable or exceed a chat service's size limit.
    /// </summary>
    public AlertLogLine Truncated(int maxChars)
    {
        var message = Message.ReplaceLineEndings("\n");
        if (message.Length <= maxChars)
        {
            return this with { Message = message };
        }

        var cut = maxChars - 1;
        // Never split a surrogate pair: half an emoji is invalid UTF-16 and some webhooks refuse the whole payload.
        if (cut > 0 && char.IsHighSurrogate(message[cut - 1]))
        {
            cut--;
        }

        return this with { Message = string.Concat(message.AsSpan(0, cut), "…") };
    }

    private static string Text(JsonObject source, string field) =>
        source[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : source[field]?.ToJsonString() ?? "";
}
