using Console.Web.Discover;
using Microsoft.AspNetCore.WebUtilities;

namespace Console.Web.Tests.Discover;

public class DiscoverStateTests
{
    [Fact]
    public void The_url_holds_the_whole_view_and_reads_back_the_same()
    {
        var state = new DiscoverState("thebot-errors-*", "message:\"a & b\" AND user_id:7", "now-7d", "now", "logger,request_id");
        var url = state.ToUrl();
        Assert.StartsWith("discover?", url, StringComparison.Ordinal);

        var query = QueryHelpers.ParseQuery(url[url.IndexOf('?', StringComparison.Ordinal)..]);
        var read = DiscoverState.Read(query["index"], query["q"], query["from"], query["to"], query["columns"]);
        Assert.Equal(state, read);
        Assert.Equal(["logger", "request_id"], read.ColumnList);
    }

    [Fact]
    public void Missing_parameters_fall_back_to_the_last_15_minutes_of_thebot_logs()
    {
        Assert.Equal(DiscoverState.Default, DiscoverState.Read(null, null, " ", "", null));
    }

    [Fact]
    public void Columns_are_added_at_the_end_and_removed_in_place()
    {
        var state = DiscoverState.Default.WithColumn("a", true).WithColumn("b", true).WithColumn("c", true).WithColumn("b", false);
        Assert.Equal(["a", "c"], state.ColumnList);
        Assert.Equal(["a", "c", "b"], state.WithColumn("b", true).ColumnList);
    }

    [Fact]
    public void A_linked_event_round_trips_through_the_url_and_is_left_out_when_there_is_none()
    {
        var state = new DiscoverState("thebot-logs-2026.11.23", "", "2026-11-23T10:55:00Z", "2026-11-23T11:05:00Z", "logger", "Ab+c/1=");
        var url = state.ToUrl();
        var query = QueryHelpers.ParseQuery(url[url.IndexOf('?', StringComparison.Ordinal)..]);
        Assert.Equal(state, DiscoverState.Read(query["index"], query["q"], query["from"], query["to"], query["columns"], query["doc"]));
        Assert.DoesNotContain("doc=", DiscoverState.Default.ToUrl(), StringComparison.Ordinal);
    }
}
