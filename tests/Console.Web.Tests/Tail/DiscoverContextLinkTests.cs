using Console.Web.Tail;
using Microsoft.AspNetCore.WebUtilities;

namespace Console.Web.Tests.Tail;

public sealed class DiscoverContextLinkTests
{
    [Fact]
    public void The_link_names_the_tail_pattern_five_minutes_either_side_in_UTC_and_the_event()
    {
        var at = new DateTimeOffset(2026, 11, 23, 12, 0, 0, 123, TimeSpan.FromHours(2));

        var link = DiscoverContextLink.For("thebot-logs-*", "0a1b2c", at);

        Assert.Equal("/discover?index=thebot-logs-*&q=&from=2026-11-23T09%3A55%3A00.123Z&to=2026-11-23T10%3A05%3A00.123Z&doc=0a1b2c", link);
    }

    [Fact]
    public void Characters_that_mean_something_in_an_address_are_escaped_and_read_back_unchanged()
    {
        const string id = "a b&q=x/y+z#é?";
        const string pattern = "thebot-logs-*,thebot-errors-*";

        var link = DiscoverContextLink.For(pattern, id, DateTimeOffset.UnixEpoch);

        var query = QueryHelpers.ParseQuery(new Uri("http://console" + link).Query);
        Assert.Equal(["index", "q", "from", "to", "doc"], query.Keys);
        Assert.Equal(id, query["doc"].ToString());
        Assert.Equal(pattern, query["index"].ToString());
        Assert.Equal("", query["q"].ToString());
        Assert.Equal("1969-12-31T23:55:00.000Z", query["from"].ToString());
        Assert.Equal("1970-01-01T00:05:00.000Z", query["to"].ToString());
        Assert.DoesNotContain('#', link);
        Assert.DoesNotContain(' ', link);
    }
}
