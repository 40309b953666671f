using System.Globalization;
using Console.Web.Alerts.Rules;

namespace Console.Web.Alerts.Notifications;

/// <summary>The words every channel uses for a notification, so Slack, email and the console say the same thing.</summary>
public static class AlertNotificationText
{
    /// <summary><c>[FIRING] High 5xx rate</c>.</summary>
    public static string Title(AlertNotification notification) => $"[{StateWord(notification.State)}] {notification.RuleName}";

    /// <summary><c>count is 42 (threshold &gt; 10)</c>.</summary>
    public static string Condition(AlertNotification notification) => notification.NoData
        ? $"{notification.Metric} has no data in the window (threshold {Symbol(notification.Comparison)} {Number(notification.Threshold)})"
        : $"{notification.Metric} is {Number(notification.Value)} (threshold {Symbol(notification.Comparison)} {Number(notification.Threshold)})";

    /// <summary><c>client.ip = 10.0.0.7</c>, or null for a rule that is not grouped.</summary>
    public static string? Group(AlertNotification notification) =>
        notification.GroupField is null ? null : $"{notification.GroupField} = {notification.GroupValue}";

    /// <summary><c>2026-11-24 11:55:00 to 12:00:00 UTC</c> (the date is repeated when the window crosses midnight).</summary>
    public static string Window(AlertNotification notification)
    {
        var from = notification.WindowStart.UtcDateTime;
        var to = notification.WindowEnd.UtcDateTime;
        var toFormat = from.Date == to.Date ? "HH:mm:ss" : "yyyy-MM-dd HH:mm:ss";
        return $"{from.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} to {to.ToString(toFormat, CultureInfo.InvariantCulture)} UTC";
    }

    /// <summary>One line for a subject or a chat message: title, condition, group and window.</summary>
    public static string Summary(AlertNotification notification)
    {
        var group = Group(notification);
        return group is null
            ? $"{Title(notification)}: {Condition(notification)}, {Window(notification)}"
            : $"{Title(notification)}: {Condition(notification)} for {group}, {Window(notification)}";
    }

    /// <summary><c>2026-11-24T11:59:58.123Z ERROR django-backend Internal Server Error: /api/orders</c>.</summary>
    public static string Line(AlertLogLine line) =>
        $"{Timestamp(line.Timestamp)} {line.Level} {line.Service} {line.Message}";

    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary><c>FIRING</c>, <c>RESOLVED</c>.</summary>
    public static string StateWord(AlertState state) => state.ToString().ToUpperInvariant();

    public static string Symbol(ThresholdComparison comparison) => comparison switch
    {
        ThresholdComparison.Above => ">",
        ThresholdComparison.Below => "<",
        _ => throw new ArgumentOutOfRangeException(nameof(comparison), comparison, null),
    };

    /// <summary>A value as people read it: no exponent, at most three decimals, invariant culture.</summary>
    public static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
