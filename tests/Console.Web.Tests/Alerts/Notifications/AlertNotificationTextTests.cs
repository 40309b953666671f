using System.Text.Json.Nodes;
using Console.Shared.Events;
using Console.Web.Alerts.Notifications;
using Console.Web.Tests.Support;
using Console.Web.Alerts.Rules;

namespace Console.Web.Tests.Alerts.Notifications;

public class AlertNotificationTextTests
{
    [Fact]
    public void LogLine_FromAStoredEvent_TakesTimeLevelServiceAndMessage()
    {
        var at = new DateTimeOffset(2026, 11, 24, 11, 59, 58, 123, TimeSpan.Zero);
        var source = new JsonObject { ["@timestamp"] = "2026-11-24T11:59:58.123Z", ["log_level"] = "ERROR", ["service"] = "celery-worker", ["message"] = "Task failed" };

        var line = AlertLogLine.From(new LogEvent("id-1", "thebot-logs-2026.11.24", at, source));

        Assert.Equal(new AlertLogLine(at, "ERROR", "celery-worker", "Task failed"), line);
        Assert.Equal("2026-11-24T11:59:58.123Z ERROR celery-worker Task failed", AlertNotificationText.Line(line));
    }

    [Fact]
    public void LogLine_WithoutLevelServiceOrMessage_HasEmptyTextNotAnError()
    {
        var line = AlertLogLine.From(new LogEvent("id-1", "metrics-2026.11.24", SampleNotifications.WindowEnd, new JsonObject { ["cpu"] = 0.5 }));

        Assert.Equal(("", "", ""), (line.Level, line.Service, line.Message));
    }

    [Fact]
    public void Truncated_CutsLongMessagesWithAnEllipsisAndNeverSplitsASurrogatePair()
    {
        var line = new AlertLogLine(SampleNotifications.WindowEnd, "ERROR", "svc", "Traceback\r\n  File \"x.py\"");

        Assert.Equal("Traceback\n  File \"x.py\"", line.Truncated(100).Message);
        Assert.Equal("Traceback\n…", line.Truncated(11).Message);
        // "ab" then an emoji (two UTF-16 units): a cut after "ab" plus half the emoji would leave invalid text.
        Assert.Equal("ab…", (line with { Message = "ab\U0001F600cdef" }).Truncated(4).Message);
    }

    [Fact]
    public void Window_CrossingMidnight_RepeatsTheDate()
    {
        var notification = SampleNotifications.Firing() with
        {
            WindowStart = new DateTimeOffset(2026, 11, 24, 23, 55, 0, TimeSpan.Zero),
            WindowEnd = new DateTimeOffset(2026, 11, 25, 0, 5, 0, TimeSpan.Zero),
        };

        Assert.Equal("2026-11-24 23:55:00 to 2026-11-25 00:05:00 UTC", AlertNotificationText.Window(notification));
    }

    [Fact]
    public void Condition_ShowsTheComparisonAndReadableNumbers()
    {
        var notification = SampleNotifications.Firing() with
        {
            Metric = "avg(duration_ms)",
            Value = 1234.56789,
            Comparison = ThresholdComparison.Below,
            Threshold = 0.5,
            GroupField = null,
            GroupValue = null,
        };

        Assert.Equal("avg(duration_ms) is 1234.568 (threshold < 0.5)", AlertNotificationText.Condition(notification));
        Assert.Null(AlertNotificationText.Group(notification));
        Assert.Equal("[FIRING] Too many 5xx from one client: avg(duration_ms) is 1234.568 (threshold < 0.5), 2026-11-24 11:55:00 to 12:00:00 UTC", AlertNotificationText.Summary(notification));
    }
}
