using System.Text.Json.Nodes;
using Console.Ingest.Sources.Clef;

namespace Console.Ingest.Tests.Sources.Clef;

public class ClefEventReaderTests
{
    private static JsonObject? Read(string line, out string? rejection) => ClefEventReader.Read(JsonNode.Parse(line)!.AsObject(), out rejection);

    [Fact]
    public void Serilog_event_maps_to_the_schema()
    {
        var e = Read("""
            {"@t":"2026-11-23T10:00:00.1234567+01:00","@mt":"Order {OrderId} by {@User} in {Elapsed:0.0} ms","@r":["12.3"],"@l":"Warning",
             "@x":"System.InvalidOperationException: card declined\n   at Shop.Pay()","@i":"0a1b2c3d","@tr":"5b8efff798038103d269b633813fc60c","@sp":"eee19b7ec3c1b174",
             "OrderId":42,"User":{"Name":"alice","$type":"User"},"Elapsed":12.34,"SourceContext":"Shop.Orders","Application":"shop","@@at":"home"}
            """, out var rejection);

        Assert.Null(rejection);
        Assert.NotNull(e);
        Assert.Equal("2026-11-23T09:00:00.123Z", (string?)e["@timestamp"]);
        Assert.Equal("Order 42 by User { Name: \"alice\" } in 12.3 ms", (string?)e["message"]);
        Assert.Equal("Order {OrderId} by {@User} in {Elapsed:0.0} ms", (string?)e["message_template"]);
        Assert.Equal("WARNING", (string?)e["log_level"]);
        Assert.Equal("System.InvalidOperationException", (string?)e["error"]!["type"]);
        Assert.Equal("card declined", (string?)e["error"]!["message"]);
        Assert.StartsWith("System.InvalidOperationException: card declined\n   at Shop.Pay()", (string?)e["error"]!["stack_trace"], StringComparison.Ordinal);
        Assert.Equal("0a1b2c3d", (string?)e["event_id"]);
        Assert.Equal("5b8efff798038103d269b633813fc60c", (string?)e["trace"]!["id"]);
        Assert.Equal("eee19b7ec3c1b174", (string?)e["span"]!["id"]);
        Assert.Equal("Shop.Orders", (string?)e["logger"]);
        Assert.False(e.ContainsKey("SourceContext"));
        Assert.Equal("shop", (string?)e["service"]);
        Assert.Equal("shop", (string?)e["Application"]);
        Assert.Equal("home", (string?)e["@at"]);
        Assert.Equal("alice", (string?)e["User"]!["Name"]);
        Assert.False(e.ContainsKey("@r"));
    }

    [Theory]
    [InlineData("""{"@t":"2026-11-23T10:00:00Z","@m":"plain"}""", "INFO", "plain")]
    [InlineData("""{"@t":"2026-11-23T10:00:00Z","@m":"v","@l":"Verbose"}""", "DEBUG", "v")]
    [InlineData("""{"@t":"2026-11-23T10:00:00Z","@m":"f","@l":"Fatal"}""", "CRITICAL", "f")]
    [InlineData("""{"@t":"2026-11-23T10:00:00Z","@m":"rendered wins","@mt":"{A}","A":1}""", "INFO", "rendered wins")]
    public void Level_defaults_to_information_and_m_wins_over_mt(string line, string level, string message)
    {
        var e = Read(line, out _)!;

        Assert.Equal(level, (string?)e["log_level"]);
        Assert.Equal(message, (string?)e["message"]);
    }

    [Theory]
    [InlineData("""{"@m":"no time"}""", "@t (the event's time) is required")]
    [InlineData("""{"@t":"later","@m":"x"}""", "@t 'later' is not an ISO 8601 time")]
    [InlineData("""{"@t":"2026-11-23T10:00:00Z","@mt":5}""", "@mt must be a string")]
    [InlineData("""{"@t":"2026-11-23T10:00:00Z","@mt":"{A:0}","@r":[1]}""", "@r must be an array of strings")]
    public void Bad_events_are_refused_with_the_reason(string line, string reason)
    {
        Assert.Null(Read(line, out var rejection));
        Assert.Equal(reason, rejection);
    }
}
