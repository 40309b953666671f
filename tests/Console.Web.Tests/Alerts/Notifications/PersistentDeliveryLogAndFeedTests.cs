using Console.Web.Alerts.Notifications;
using Console.Web.Alerts.Notifications.Delivery;
using Console.Web.Alerts.Notifications.Feed;
using Console.Web.Alerts.Rules;
using Console.Web.Persistence;
using Console.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Console.Web.Tests.Alerts.Notifications;

/// <summary>The delivery log and the console's notification list in the console's database: kept across a restart, trimmed to their bounds.</summary>
public sealed class PersistentDeliveryLogAndFeedTests : IDisposable
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "console-persist-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }
    }

    private ConsoleFactory Console()
    {
        var factory = new ConsoleFactory();
        factory.Settings["Storage:DataPath"] = _dataPath;
        factory.Settings["Alerting:Enabled"] = "false";
        _ = factory.Services; // starts the host, which creates and migrates the database
        return factory;
    }

    private static DeliveryAttempt Attempt(string ruleId, int attempt, DateTimeOffset at, DeliveryOutcome outcome = DeliveryOutcome.Delivered) =>
        new("n-" + attempt, ruleId, "ch-1", "ops hook", NotificationChannelType.Webhook, attempt, at, outcome, outcome == DeliveryOutcome.Delivered ? 200 : null,
            outcome == DeliveryOutcome.Delivered ? null : "refused", TimeSpan.FromMilliseconds(12));

    [Fact]
    public async Task Deliveries_and_console_notifications_are_still_there_after_a_restart()
    {
        var notification = SampleNotifications.Firing();
        using (var first = Console())
        {
            var log = first.Services.GetRequiredService<INotificationDeliveryLog>();
            Assert.IsType<DatabaseNotificationDeliveryLog>(log);
            await log.RecordAsync(Attempt("rule-a", 1, first.Clock.GetUtcNow(), DeliveryOutcome.Failed));
            await log.RecordAsync(Attempt("rule-a", 2, first.Clock.GetUtcNow()) with { Suppression = SuppressionReason.Snoozed, Outcome = DeliveryOutcome.Suppressed });
            var feed = first.Services.GetRequiredService<IConsoleNotificationFeed>();
            await feed.AddAsync(notification);
            await feed.AddAsync(notification); // the same id again changes nothing
            await feed.AddAsync(notification with { Id = "second", State = AlertState.Resolved });
            Assert.True(await feed.MarkReadAsync("second"));
        }

        using var second = Console();
        var attempts = await second.Services.GetRequiredService<INotificationDeliveryLog>().ForRuleAsync("rule-a", 10);
        Assert.Equal([2, 1], attempts.Select(a => a.Attempt));
        Assert.Equal(DeliveryOutcome.Suppressed, attempts[0].Outcome);
        Assert.Equal(SuppressionReason.Snoozed, attempts[0].Suppression);
        Assert.Equal("refused", attempts[1].Detail);
        Assert.Equal(TimeSpan.FromMilliseconds(12), attempts[1].Duration);
        Assert.Single(await second.Services.GetRequiredService<INotificationDeliveryLog>().ForNotificationAsync("n-1"));

        var list = await second.Services.GetRequiredService<IConsoleNotificationFeed>().ListAsync(10);
        Assert.Equal(["second", notification.Id], list.Select(n => n.Id));
        Assert.True(list[0].Read);
        Assert.Equal(notification, list[1].Notification with { Lines = notification.Lines });
        Assert.Equal(notification.Lines, list[1].Notification.Lines);
        Assert.Equal(1, await second.Services.GetRequiredService<IConsoleNotificationFeed>().CountUnreadAsync());
    }

    [Fact]
    public async Task The_log_keeps_the_newest_rows_within_its_capacity_and_retention_and_the_feed_within_its_capacity()
    {
        using var console = Console();
        var contexts = console.Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>();
        var options = Options.Create(new AlertNotificationOptions { DeliveryLogCapacity = 3, FeedCapacity = 2, Retention = TimeSpan.FromDays(1) });
        var log = new DatabaseNotificationDeliveryLog(contexts, options, console.Clock);
        var now = console.Clock.GetUtcNow();
        await log.RecordAsync(Attempt("rule-b", 1, now.AddDays(-3)));
        for (var i = 2; i <= 6; i++)
        {
            await log.RecordAsync(Attempt("rule-b", i, now.AddMinutes(i)));
        }

        // The first write already took the row past the retention; the capacity leaves the newest three.
        Assert.Equal(2, await log.TrimAsync());
        Assert.Equal([6, 5, 4], (await log.ForRuleAsync("rule-b", 10)).Select(a => a.Attempt));

        var feed = new DatabaseConsoleNotificationFeed(contexts, options, console.Clock, NullLogger<DatabaseConsoleNotificationFeed>.Instance);
        var changes = 0;
        using var subscription = feed.Subscribe(() => Interlocked.Increment(ref changes));
        foreach (var id in new[] { "f1", "f2", "f3" })
        {
            await feed.AddAsync(SampleNotifications.Firing() with { Id = id });
        }

        Assert.Equal(["f3", "f2"], (await feed.ListAsync(10)).Select(n => n.Id));
        await feed.MarkAllReadAsync();
        Assert.Equal(0, await feed.CountUnreadAsync());
        Assert.False(await feed.MarkReadAsync("f1"));
        Assert.Equal(4, changes);
    }
}
