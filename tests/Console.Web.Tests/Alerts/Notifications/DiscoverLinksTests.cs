using Console.Web.Alerts.Notifications;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Console.Web.Tests.Alerts.Notifications;

public class DiscoverLinksTests
{
    private static readonly DateTimeOffset From = new(2026, 11, 24, 11, 55, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static DiscoverLinks Links(string publicUrl) => new(Options.Create(new ConsoleUrlOptions { PublicUrl = publicUrl }));

    [Fact]
    public void Link_IsAbsoluteOnThePublicUrlWithTheQueryAndTheWindow()
    {
        var url = Links("http://127.0.0.1:5601").For("thebot-logs-*", "log_level:ERROR AND service:\"django-backend\"", From, To);

        Assert.Equal("http://127.0.0.1:5601/discover", url.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(url.Query);
        Assert.Equal("thebot-logs-*", query["index"]);
        Assert.Equal("log_level:ERROR AND service:\"django-backend\"", query["q"]);
        Assert.Equal("2026-11-24T11:55:00.000Z", query["from"]);
        Assert.Equal("2026-11-24T12:00:00.000Z", query["to"]);
    }

    [Fact]
    public void Link_OfAGroupedRule_IsNarrowedToTheGroup()
    {
        var url = Links("http://127.0.0.1:5601/").For("thebot-logs-*", "http.status_code:>=500", From, To, "client.ip", "10.0.0.7");

        Assert.Equal("(http.status_code:>=500) AND client.ip:\"10.0.0.7\"", QueryHelpers.ParseQuery(url.Query)["q"]);
    }

    [Fact]
    public void Link_KeepsThePathOfAConsoleBehindAProxy()
    {
        var url = Links("https://tools.example.com/logs").For("thebot-logs-*", "", From, To);

        Assert.Equal("https://tools.example.com/logs/discover", url.GetLeftPart(UriPartial.Path));
    }
}
