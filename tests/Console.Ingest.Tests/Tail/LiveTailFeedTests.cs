using System.Text.Json.Nodes;
using Console.Ingest.Tail;
using Console.Shared.Events;

namespace Console.Ingest.Tests.Tail;

public class LiveTailFeedTests
{
    private static LogEvent Event(int n) =>
        new($"id-{n}", "thebot-logs-2026.11.23", new DateTimeOffset(2026, 11, 23, 10, 0, n % 60, TimeSpan.Zero), new JsonObject { ["n"] = n });

    [Fact]
    public async Task Every_subscriber_gets_every_published_event_in_order()
    {
        var feed = new LiveTailFeed();
        using var first = feed.Subscribe();
        using var second = feed.Subscribe();
        feed.Publish([Event(1), Event(2)]);
        feed.Publish([Event(3)]);

        foreach (var subscription in new[] { first, second })
        {
            var ids = new List<string>();
            for (var i = 0; i < 3; i++)
            {
                ids.Add((await subscription.Events.ReadAsync()).Id);
            }

            Assert.Equal(["id-1", "id-2", "id-3"], ids);
            Assert.Equal(0, subscription.Skipped);
        }
    }

    [Fact]
    public void A_viewer_that_falls_behind_loses_its_oldest_events_counted_and_the_others_lose_nothing()
    {
        var feed = new LiveTailFeed();
        using var slow = feed.Subscribe(capacity: 3);
        using var fast = feed.Subscribe(capacity: 100);
        feed.Publish(Enumerable.Range(1, 10).Select(Event).ToList());

        Assert.Equal(7, slow.Skipped);
        var kept = new List<string>();
        while (slow.Events.TryRead(out var logEvent))
        {
            kept.Add(logEvent.Id);
        }

        Assert.Equal(["id-8", "id-9", "id-10"], kept);
        Assert.Equal(0, fast.Skipped);
        Assert.Equal(10, fast.Events.Count);
    }

    [Fact]
    public void A_disposed_subscription_is_no_longer_fed_and_its_reader_completes()
    {
        var feed = new LiveTailFeed();
        var subscription = feed.Subscribe();
        Assert.Equal(1, feed.Subscribers);

        subscription.Dispose();
        feed.Publish([Event(1)]);

        Assert.Equal(0, feed.Subscribers);
        Assert.False(subscription.Events.TryRead(out _));
        Assert.True(subscription.Events.Completion.IsCompleted);
    }
}
