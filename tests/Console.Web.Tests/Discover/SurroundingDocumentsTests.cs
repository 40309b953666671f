using Bunit;
using Console.Shared.Storage;
using Console.Web.Discover;
using Console.Web.Tests.Support;

namespace Console.Web.Tests.Discover;

/// <summary>The events around one event: by time, by a field's value, and events of the same millisecond.</summary>
public sealed class SurroundingDocumentsTests : IAsyncLifetime
{
    private readonly DiscoverTestContext _discover = new();

    public Task InitializeAsync() => _discover.IndexAsync(
    [
        .. Enumerable.Range(0, 5).Select(i => $$"""{"@timestamp":"2026-11-23T09:59:5{{i}}Z","service":"cron","message":"early {{i}}"}"""),
        """{"@timestamp":"2026-11-23T10:00:01Z","service":"django-backend","request_id":"r1","host":"web-1","message":"r1 start"}""",
        """{"@timestamp":"2026-11-23T10:00:02Z","service":"celery-worker","request_id":"r2","host":"web-2","message":"r2 task"}""",
        // Five events of one millisecond, indexed in this order.
        .. Enumerable.Range(0, 5).Select(i => $$"""{"@timestamp":"2026-11-23T10:00:03.500Z","service":"django-backend","request_id":"r{{1 + i % 2}}","host":"web-1","message":"tie {{i}}"}"""),
        """{"@timestamp":"2026-11-23T10:00:04Z","service":"django-backend","request_id":"r1","host":"web-1","message":"r1 end"}""",
        """{"@timestamp":"2026-11-23T10:00:05Z","service":"nginx","request_id":"r3","message":"other"}""",
        """{"@timestamp":"2026-11-23T10:00:06Z","service":"nginx","message":"last"}""",
    ]);

    public async Task DisposeAsync() => await _discover.DisposeAsync();

    [Fact]
    public async Task By_time_the_nearest_events_come_on_each_side_and_the_anchors_millisecond_is_split_without_loss_or_repeat()
    {
        var anchor = await _discover.HitAsync("tie 2");
        var around = await _discover.Search.SurroundingAsync("thebot-logs-*", anchor, null, 5, CancellationToken.None);

        Assert.Null(around.Filter);
        Assert.Equal(["tie 1", "tie 0", "r2 task", "r1 start", "early 4"], Messages(around.Older));
        Assert.Equal(["tie 3", "tie 4", "r1 end", "other", "last"], Messages(around.Newer));

        // Every event of the millisecond, from each one's point of view, falls on one side exactly once.
        for (var i = 0; i < 5; i++)
        {
            var tie = await _discover.HitAsync($"tie {i}");
            var all = await _discover.Search.SurroundingAsync("thebot-logs-*", tie, null, 25, CancellationToken.None);
            var ids = all.Older.Concat(all.Newer).Select(h => h.Id).Append(tie.Id).ToList();
            Assert.Equal(15, ids.Count);
            Assert.Equal(15, ids.Distinct().Count());
            Assert.Equal(Enumerable.Range(0, i).Reverse().Select(j => $"tie {j}"), Messages(all.Older).Take(i));
            Assert.Equal(Enumerable.Range(i + 1, 4 - i).Select(j => $"tie {j}"), Messages(all.Newer).Take(4 - i));
        }
    }

    [Fact]
    public async Task By_a_field_only_events_with_the_anchors_value_are_neighbours()
    {
        var anchor = await _discover.HitAsync("tie 2");
        var around = await _discover.Search.SurroundingAsync("thebot-logs-*", anchor, "request_id", 10, CancellationToken.None);

        Assert.Equal("request_id:\"r1\"", around.Filter);
        Assert.Equal(["tie 0", "r1 start"], Messages(around.Older));
        Assert.Equal(["tie 4", "r1 end"], Messages(around.Newer));

        var byHost = await _discover.Search.SurroundingAsync("thebot-logs-*", await _discover.HitAsync("r2 task"), "host.name", 5, CancellationToken.None);
        Assert.Empty(byHost.Older);
        Assert.Empty(byHost.Newer);

        await Assert.ThrowsAsync<StoreRequestException>(() =>
            _discover.Search.SurroundingAsync("thebot-logs-*", anchor, "user_id", 5, CancellationToken.None));
    }

    [Fact]
    public async Task The_section_shows_the_neighbours_newest_first_around_the_marked_event_and_switches_count_and_field()
    {
        var anchor = await _discover.HitAsync("tie 2");
        var fields = await _discover.Store.GetFieldsAsync("thebot-logs-*");
        var section = _discover.Bunit.Render<SurroundingDocuments>(p => p
            .Add(c => c.Anchor, anchor)
            .Add(c => c.IndexPattern, "thebot-logs-*")
            .Add(c => c.Fields, fields));

        Assert.Empty(section.FindAll("[data-testid=surrounding-document]"));
        section.Find("[data-testid=surrounding-toggle]").Click();
        section.WaitForAssertion(() => Assert.Equal(11, section.FindAll("[data-testid=surrounding-document]").Count));
        var rows = section.FindAll("[data-testid=surrounding-document]");
        Assert.Equal(["newer", "newer", "newer", "newer", "newer", "anchor", "older", "older", "older", "older", "older"], rows.Select(r => r.GetAttribute("data-side")));
        Assert.Equal(anchor.Id, rows[5].GetAttribute("data-id"));
        Assert.Equal(["last", "other", "r1 end", "tie 4", "tie 3", "tie 2", "tie 1", "tie 0", "r2 task", "r1 start", "early 4"],
            rows.Select(r => r.QuerySelector("[data-column=message]")!.TextContent));

        // The event's keyword fields are offered, the ones that tie a request, host or service together first.
        Assert.Equal(["", "request_id", "host.name", "service"], section.FindAll("[data-testid=surrounding-by]").Select(b => b.GetAttribute("data-field")).Take(4));
        section.Find("[data-testid=surrounding-by][data-field=request_id]").Click();
        section.WaitForAssertion(() => Assert.Equal(["r1 end", "tie 4", "tie 2", "tie 0", "r1 start"],
            section.FindAll("[data-testid=surrounding-document]").Select(r => r.QuerySelector("[data-column=message]")!.TextContent)));
        Assert.Contains("request_id:\"r1\"", section.Find("[data-testid=surrounding-summary]").TextContent, StringComparison.Ordinal);

        section.Find("[data-testid=surrounding-by][data-field='']").Click();
        section.Find("[data-testid=surrounding-size][data-size='10']").Click();
        section.WaitForAssertion(() => Assert.Equal(15, section.FindAll("[data-testid=surrounding-document]").Count));
    }

    private static List<string?> Messages(IEnumerable<SearchHit> hits) => hits.Select(h => (string?)h.Source["message"]).ToList();
}
