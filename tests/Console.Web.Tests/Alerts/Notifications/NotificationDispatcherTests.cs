using Console.Web.Alerts.Notifications;
using Console.Web.Alerts.Notifications.Delivery;
using Console.Web.Tests.Support;

namespace Console.Web.Tests.Alerts.Notifications;

public class NotificationDispatcherTests
{
    [Fact]
    public async Task Suppressed_IsRecordedPerChannelWithTheReasonAndNothingIsSent()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await DispatcherHost.StartAsync();
        var notification = SampleNotifications.Firing();

        await host.Dispatcher.SuppressAsync(
            notification,
            [SampleNotifications.Webhook(receiver.Url), SampleNotifications.ConsoleFeed()],
            SuppressionReason.MaintenanceWindow,
            "maintenance window 'db upgrade' until 2026-11-24T13:00:00Z");
        await Task.Delay(200);

        var attempts = await host.Log.ForNotificationAsync(notification.Id);
        Assert.Equal(["ch-webhook", "ch-console"], attempts.Select(a => a.ChannelId));
        Assert.All(attempts, a =>
        {
            Assert.Equal(DeliveryOutcome.Suppressed, a.Outcome);
            Assert.Equal(SuppressionReason.MaintenanceWindow, a.Suppression);
            Assert.Equal("maintenance window 'db upgrade' until 2026-11-24T13:00:00Z", a.Detail);
            Assert.Equal(0, a.Attempt);
            Assert.False(a.Succeeded);
        });
        Assert.Empty(receiver.Requests);
        Assert.Equal(0, await host.Feed.CountUnreadAsync());
    }

    [Fact]
    public async Task ConsoleChannel_PutsTheNotificationIntoTheFeed()
    {
        await using var host = await DispatcherHost.StartAsync();
        var notification = SampleNotifications.Firing();
        var told = new TaskCompletionSource();
        using var subscription = host.Feed.Subscribe(() => told.TrySetResult());

        await host.Dispatcher.EnqueueAsync(notification, [SampleNotifications.ConsoleFeed()]);
        await told.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var item = Assert.Single(await host.Feed.ListAsync(10));
        Assert.Equal(notification.Id, item.Id);
        Assert.False(item.Read);
        var attempts = await host.AttemptsAsync(notification.Id, a => a.Count > 0);
        Assert.Equal(DeliveryOutcome.Delivered, Assert.Single(attempts).Outcome);
    }

    [Fact]
    public async Task Lines_AreCutToTheConfiguredNumberAndLength()
    {
        await using var host = await DispatcherHost.StartAsync(new()
        {
            ["Alerts:Notifications:MaxLogLines"] = "3",
            ["Alerts:Notifications:MaxMessageChars"] = "50",
        });
        var at = SampleNotifications.WindowEnd;
        var notification = SampleNotifications.Firing() with
        {
            Lines = Enumerable.Range(0, 8).Select(i => new AlertLogLine(at, "ERROR", "svc", $"line {i} " + new string('x', 200))).ToList(),
        };

        await host.Dispatcher.EnqueueAsync(notification, [SampleNotifications.ConsoleFeed()]);
        var item = await Eventually.Get(() => host.Feed.ListAsync(1), l => l.Count > 0);

        var lines = Assert.Single(item).Notification.Lines;
        Assert.Equal(3, lines.Count);
        Assert.All(lines, l => Assert.Equal(50, l.Message.Length));
        Assert.Equal("line 0 " + new string('x', 42) + "…", lines[0].Message);
    }

    [Fact]
    public async Task FullQueue_DropsAndRecordsInsteadOfWaiting()
    {
        await using var receiver = await WebhookReceiver.StartSilentAsync();
        await using var host = await DispatcherHost.StartAsync(new()
        {
            ["Alerts:Notifications:QueueCapacity"] = "1",
            ["Alerts:Notifications:MaxConcurrentDeliveries"] = "1",
            ["Alerts:Notifications:MaxAttempts"] = "1",
        });
        var webhook = SampleNotifications.Webhook(receiver.Url);
        var first = SampleNotifications.Firing();
        await host.Dispatcher.EnqueueAsync(first, [webhook]);
        // The first delivery is now hanging on the silent receiver and holds the only slot.
        await Eventually.Get(() => Task.FromResult(receiver.Requests.Count), c => c > 0);

        var second = SampleNotifications.Firing();
        var third = SampleNotifications.Firing();
        var queuedSecond = await host.Dispatcher.EnqueueAsync(second, [webhook]).AsTask().WaitAsync(TimeSpan.FromSeconds(1));
        var queuedThird = await host.Dispatcher.EnqueueAsync(third, [webhook]).AsTask().WaitAsync(TimeSpan.FromSeconds(1));

        Assert.Equal(1, queuedSecond);
        Assert.Equal(0, queuedThird);
        var dropped = Assert.Single(await host.Log.ForNotificationAsync(third.Id));
        Assert.Equal(DeliveryOutcome.Dropped, dropped.Outcome);
        Assert.Equal("the delivery queue is full (1 waiting)", dropped.Detail);
    }

    [Fact]
    public async Task Shutdown_RecordsTheAttemptInProgressAndWhatWasStillWaiting()
    {
        await using var receiver = await WebhookReceiver.StartSilentAsync();
        await using var host = await DispatcherHost.StartAsync(new()
        {
            ["Alerts:Notifications:MaxConcurrentDeliveries"] = "1",
            ["Alerts:Notifications:AttemptTimeout"] = "00:01:00",
        });
        var webhook = SampleNotifications.Webhook(receiver.Url);
        var inFlight = SampleNotifications.Firing();
        var waiting = SampleNotifications.Firing();
        await host.Dispatcher.EnqueueAsync(inFlight, [webhook]);
        await Eventually.Get(() => Task.FromResult(receiver.Requests.Count), c => c > 0);
        await host.Dispatcher.EnqueueAsync(waiting, [webhook]);

        await host.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var stopped = Assert.Single(await host.Log.ForNotificationAsync(inFlight.Id));
        Assert.Equal((1, DeliveryOutcome.Failed, "the console stopped during the attempt"), (stopped.Attempt, stopped.Outcome, stopped.Detail));
        var dropped = Assert.Single(await host.Log.ForNotificationAsync(waiting.Id));
        Assert.Equal((0, DeliveryOutcome.Dropped, "the console stopped before it was sent"), (dropped.Attempt, dropped.Outcome, dropped.Detail));
    }

    [Fact]
    public async Task OneChannelsRetries_DoNotHoldUpAnother()
    {
        await using var failing = await WebhookReceiver.StartAsync(500, 500, 500, 500);
        await using var working = await WebhookReceiver.StartAsync();
        await using var host = await DispatcherHost.StartAsync(new()
        {
            ["Alerts:Notifications:InitialBackoff"] = "00:00:10",
            ["Alerts:Notifications:MaxBackoff"] = "00:00:10",
            ["Alerts:Notifications:MaxAttempts"] = "3",
        });
        var notification = SampleNotifications.Firing();

        await host.Dispatcher.EnqueueAsync(notification, [SampleNotifications.Webhook(failing.Url) with { Id = "failing" }, SampleNotifications.Slack(working.Url)]);
        // Less than the shortest wait before the webhook's second attempt (half of 10 s).
        var attempts = await Eventually.Get(
            () => host.Log.ForNotificationAsync(notification.Id),
            a => a.Any(x => x.ChannelId == "ch-slack") && a.Any(x => x.ChannelId == "failing"),
            TimeSpan.FromSeconds(4));

        // The Slack delivery finished while the failing webhook was still waiting for its second attempt.
        Assert.Equal(DeliveryOutcome.Delivered, Assert.Single(attempts, a => a.ChannelId == "ch-slack").Outcome);
        Assert.Equal(500, Assert.Single(attempts, a => a.ChannelId == "failing").StatusCode);
    }
}
