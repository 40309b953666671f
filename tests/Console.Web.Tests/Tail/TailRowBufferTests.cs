using System.Text.Json.Nodes;
using Console.Shared.Events;
using Console.Web.Tail;

namespace Console.Web.Tests.Tail;

public sealed class TailRowBufferTests
{
    private static TailEvent Event(string id) =>
        new("thebot-logs-2026.11.27", id, DateTimeOffset.UnixEpoch, new JsonObject { ["level"] = "INFO", ["message"] = id });

    private static List<string> Ids(TailRowBuffer buffer) => Enumerable.Range(0, buffer.Count).Select(i => buffer[i].Id).ToList();

    [Fact]
    public void Rows_read_newest_first_across_batches()
    {
        var buffer = new TailRowBuffer(10);

        buffer.AddNewest([Event("b"), Event("a")], "thebot-logs-*");
        buffer.AddNewest([Event("d"), Event("c")], "thebot-logs-*");

        Assert.Equal(["d", "c", "b", "a"], Ids(buffer));
    }

    [Fact]
    public void Past_its_capacity_the_oldest_rows_go_one_by_one()
    {
        var buffer = new TailRowBuffer(3);
        buffer.AddNewest([Event("b"), Event("a")], "p");

        buffer.AddNewest([Event("d"), Event("c")], "p");

        Assert.Equal(3, buffer.Count);
        Assert.Equal(["d", "c", "b"], Ids(buffer));
    }

    [Fact]
    public void A_batch_larger_than_the_capacity_keeps_its_newest_rows()
    {
        var buffer = new TailRowBuffer(2);
        buffer.AddNewest([Event("x")], "p");

        var added = buffer.AddNewest([Event("c"), Event("b"), Event("a")], "p");

        Assert.Equal(3, added);
        Assert.Equal(["c", "b"], Ids(buffer));
    }

    [Fact]
    public void Every_row_has_its_own_key_even_when_the_same_event_arrives_twice()
    {
        var buffer = new TailRowBuffer(4);
        var twice = Event("same");

        buffer.AddNewest([twice], "p");
        buffer.AddNewest([twice, Event("other")], "p");

        Assert.Equal(3, Enumerable.Range(0, buffer.Count).Select(i => buffer[i].Key).Distinct().Count());
    }

    [Fact]
    public void Clear_empties_it_and_reading_past_the_rows_is_refused()
    {
        var buffer = new TailRowBuffer(4);
        buffer.AddNewest([Event("a")], "p");

        buffer.Clear();

        Assert.Equal(0, buffer.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer[0]);
    }

    [Fact]
    public void A_row_links_to_Discover_in_the_pattern_the_tail_followed_and_carries_its_level_class()
    {
        var buffer = new TailRowBuffer(1);

        buffer.AddNewest([new TailEvent("i", "id1", DateTimeOffset.UnixEpoch, new JsonObject { [LogSchema.Level] = "ERROR", [LogSchema.Message] = "m" })], "thebot-*");

        Assert.Equal(DiscoverContextLink.For("thebot-*", "id1", DateTimeOffset.UnixEpoch), buffer[0].DiscoverLink);
        Assert.Equal("tail-row level-error", buffer[0].CssClass);
        Assert.Equal("1970-01-01 00:00:00.000", buffer[0].Time);
    }
}
