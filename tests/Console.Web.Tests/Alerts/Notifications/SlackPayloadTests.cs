using System.Text.Json.Nodes;
using Console.Web.Alerts.Notifications;
using Console.Web.Alerts.Notifications.Channels;
using Console.Web.Tests.Support;
using Console.Web.Alerts.Rules;

namespace Console.Web.Tests.Alerts.Notifications;

public class SlackPayloadTests
{
    [Fact]
    public void Firing_HasFallbackTextAndOneRedAttachmentWithTheFieldsAndTheLinesInACodeBlock()
    {
        var payload = SlackPayload.Build(SampleNotifications.Firing());

        Assert.Equal(["text", "attachments"], payload.Select(p => p.Key));
        Assert.StartsWith("[FIRING] Too many 5xx from one client: count is 42 (threshold &gt; 10) for client.ip = 10.0.0.7", (string?)payload["text"]);
        var attachment = Assert.Single(payload["attachments"]!.AsArray())!.AsObject();
        Assert.Equal(SlackPayload.FiringColor, (string?)attachment["color"]);
        Assert.Equal("[FIRING] Too many 5xx from one client", (string?)attachment["title"]);
        Assert.Equal("http://logs.example.com/discover?index=thebot-logs-*&q=x", (string?)attachment["title_link"]);
        Assert.Contains("[FIRING]", (string?)attachment["fallback"]);
        Assert.Equal(["text", "fields"], attachment["mrkdwn_in"]!.AsArray().Select(n => (string?)n));

        var fields = attachment["fields"]!.AsArray().Select(f => ((string?)f!["title"], (string?)f["value"])).ToList();
        Assert.Equal(
            [
                ("Value", "count is 42 (threshold &gt; 10)"),
                ("Group", "client.ip = 10.0.0.7"),
                ("Window", "2026-11-24 11:55:00 to 12:00:00 UTC"),
                ("Query", "`http.status_code:&gt;=500`"),
                ("Index", "thebot-logs-*"),
            ],
            fields);

        var text = (string)attachment["text"]!;
        Assert.StartsWith("First matching log lines:\n```\n", text);
        Assert.EndsWith("```", text);
        // Slack's control characters in a log line are entities, so the line cannot become a link or a mention.
        Assert.Contains("2026-11-24T11:59:58.000Z ERROR django-backend Internal Server Error: /api/orders &lt;script&gt;alert(1)&lt;/script&gt; &amp; more\n", text);
        Assert.Contains("ERROR nginx GET /api/orders 502\n", text);
    }

    [Fact]
    public void Resolved_WithoutGroupOrLines_IsGreenAndSaysSo()
    {
        var notification = SampleNotifications.Firing() with { State = AlertState.Resolved, GroupField = null, GroupValue = null, Lines = [], Query = "" };

        var payload = SlackPayload.Build(notification);

        var attachment = payload["attachments"]![0]!.AsObject();
        Assert.Equal(SlackPayload.ResolvedColor, (string?)attachment["color"]);
        Assert.Equal("[RESOLVED] Too many 5xx from one client", (string?)attachment["title"]);
        Assert.Equal("No matching log lines.", (string?)attachment["text"]);
        var titles = attachment["fields"]!.AsArray().Select(f => (string?)f!["title"]).ToList();
        Assert.DoesNotContain("Group", titles);
        Assert.Equal("(all events)", (string?)attachment["fields"]!.AsArray().Single(f => (string?)f!["title"] == "Query")!["value"]);
    }

    [Fact]
    public void TripleBackticksInALogLine_DoNotCloseTheCodeBlock()
    {
        var notification = SampleNotifications.Firing() with
        {
            Lines = [new AlertLogLine(SampleNotifications.WindowEnd, "INFO", "docs", "see ```code``` here")],
        };

        var text = (string)SlackPayload.Build(notification)["attachments"]![0]!["text"]!;

        Assert.Equal(2, text.Split("```").Length - 1);
        Assert.Contains("see '''code''' here", text);
    }

    [Fact]
    public void Payload_IsValidJsonThatRoundTrips()
    {
        var json = SlackPayload.Build(SampleNotifications.Firing()).ToJsonString();

        Assert.NotNull(JsonNode.Parse(json)?["attachments"]?[0]?["fields"]);
    }
}
