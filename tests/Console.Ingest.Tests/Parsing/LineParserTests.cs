using System.Text.Json.Nodes;
using Console.Ingest.Parsing;
using Console.Ingest.Tests.Support;

namespace Console.Ingest.Tests.Parsing;

public class LineParserTests
{
    [Fact]
    public void Json_lines_become_the_events_fields_and_keep_the_file_source()
    {
        var fields = new JsonObject
        {
            ["message"] = """{"asctime": "2026-11-23 23:14:44,037", "levelname": "INFO", "name": "thebot.seed", "message": "Seeded 65 users"}""",
            ["log"] = new JsonObject { ["file"] = new JsonObject { ["path"] = "/backend/logs/django.json.log" } },
        };

        Assert.Equal(ParseOutcome.Parsed, TestParsers.Default.Get("json").Parse(fields));
        Assert.Equal("Seeded 65 users", (string?)fields["message"]);
        Assert.Equal("INFO", (string?)fields["levelname"]);
        Assert.Equal("/backend/logs/django.json.log", (string?)fields["log"]!["file"]!["path"]);
    }

    [Fact]
    public void Json_line_fields_move_to_the_event_in_order_with_their_values_and_the_event_owns_them()
    {
        // Pins the whole result (order, replaced and skipped keys, nested values and numbers) across the move of the
        // parsed nodes into the event, which takes them out of the parsed object all at once.
        var fields = new JsonObject
        {
            ["message"] = """{"offset": "mine", "level": "INFO", "extra": {"a": [1, 2.5, "x"], "b": null}, "log": "dropped", "message": "done", "n": -3}""",
            ["log"] = new JsonObject { ["file"] = new JsonObject { ["path"] = "/p" } },
            ["offset"] = 7,
        };

        Assert.Equal(ParseOutcome.Parsed, TestParsers.Default.Get("json").Parse(fields));

        Assert.Equal(
            """{"log":{"file":{"path":"/p"}},"offset":"mine","level":"INFO","extra":{"a":[1,2.5,"x"],"b":null},"message":"done","n":-3}""",
            fields.ToJsonString());
        Assert.Same(fields, fields["extra"]!.Parent);
        Assert.Equal(2.5, (double)fields["extra"]!["a"]![1]!);
        Assert.Equal(-3, (long)fields["n"]!);
        fields["extra"]!["c"] = "added after the move";
        Assert.Equal("added after the move", (string?)fields["extra"]!["c"]);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    public void A_line_that_is_not_a_json_object_fails_and_keeps_its_message(string line)
    {
        var fields = new JsonObject { ["message"] = line };

        Assert.Equal(ParseOutcome.Failed, TestParsers.Default.Get("json").Parse(fields));
        Assert.Equal(line, (string?)fields["message"]);
    }

    [Fact]
    public void Syslog_file_lines_parse_like_the_receiver()
    {
        var fields = new JsonObject { ["message"] = "Nov 23 23:14:41 vm thebot-deploy: Deploy of THE_BOT release 2026.11.1 started on shared" };

        Assert.Equal(ParseOutcome.Parsed, TestParsers.Default.Get("syslog").Parse(fields));
        Assert.Equal("Deploy of THE_BOT release 2026.11.1 started on shared", (string?)fields["message"]);
        Assert.Equal("vm", (string?)fields["host"]!["name"]);
        Assert.Equal("thebot-deploy", (string?)fields["process"]!["name"]);
    }
}
