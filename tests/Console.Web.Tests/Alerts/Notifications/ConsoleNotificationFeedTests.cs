using Console.Web.Alerts.Notifications;
using Console.Web.Alerts.Notifications.Feed;
using Console.Web.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Console.Web.Alerts.Rules;

namespace Console.Web.Tests.Alerts.Notifications;

public class ConsoleNotificationFeedTests
{
    private static InMemoryConsoleNotificationFeed Feed(int capacity = 200) => new(
        Options.Create(new AlertNotificationOptions { FeedCapacity = capacity }),
        new FixedClock(SampleNotifications.WindowEnd),
        NullLogger<InMemoryConsoleNotificationFeed>.Instance);

    [Fact]
    public async Task Subscriber_IsToldOfEachChangeAndSeesUnreadCountAndNewestFirst()
    {
        var feed = Feed();
        var changes = 0;
        using var subscription = feed.Subscribe(() => changes++);
        var first = SampleNotifications.Firing();
        var second = SampleNotifications.Firing() with { State = AlertState.Resolved };

        await feed.AddAsync(first);
        await feed.AddAsync(second);

        Assert.Equal(2, changes);
        Assert.Equal(2, await feed.CountUnreadAsync());
        Assert.Equal([second.Id, first.Id], (await feed.ListAsync(10)).Select(n => n.Id));
        Assert.Equal(SampleNotifications.WindowEnd, (await feed.ListAsync(1))[0].ReceivedAt, TimeSpan.FromSeconds(5));

        Assert.True(await feed.MarkReadAsync(first.Id));
        Assert.Equal(3, changes);
        Assert.Equal(1, await feed.CountUnreadAsync());
        Assert.Equal([false, true], (await feed.ListAsync(10)).Select(n => n.Read));

        Assert.True(await feed.MarkReadAsync(first.Id));
        Assert.Equal(3, changes);
        Assert.False(await feed.MarkReadAsync("no-such-id"));

        await feed.MarkAllReadAsync();
        Assert.Equal(4, changes);
        Assert.Equal(0, await feed.CountUnreadAsync());
    }

    [Fact]
    public async Task Unsubscribed_IsToldNothingMore()
    {
        var feed = Feed();
        var changes = 0;
        var subscription = feed.Subscribe(() => changes++);
        await feed.AddAsync(SampleNotifications.Firing());

        subscription.Dispose();
        await feed.AddAsync(SampleNotifications.Firing());

        Assert.Equal(1, changes);
    }

    [Fact]
    public async Task FailingSubscriber_DoesNotStopTheOthersOrTheAdd()
    {
        var feed = Feed();
        var told = false;
        using var broken = feed.Subscribe(() => throw new InvalidOperationException("circuit gone"));
        using var working = feed.Subscribe(() => told = true);

        await feed.AddAsync(SampleNotifications.Firing());

        Assert.True(told);
        Assert.Equal(1, await feed.CountUnreadAsync());
    }

    [Fact]
    public async Task SameNotificationTwice_IsListedOnce()
    {
        var feed = Feed();
        var notification = SampleNotifications.Firing();

        await feed.AddAsync(notification);
        await feed.AddAsync(notification);

        Assert.Single(await feed.ListAsync(10));
    }

    [Fact]
    public async Task BeyondCapacity_TheOldestGo()
    {
        var feed = Feed(capacity: 2);
        var notifications = Enumerable.Range(0, 3).Select(_ => SampleNotifications.Firing()).ToList();

        foreach (var notification in notifications)
        {
            await feed.AddAsync(notification);
        }

        Assert.Equal([notifications[2].Id, notifications[1].Id], (await feed.ListAsync(10)).Select(n => n.Id));
        Assert.Equal(2, await feed.CountUnreadAsync());
    }
}
