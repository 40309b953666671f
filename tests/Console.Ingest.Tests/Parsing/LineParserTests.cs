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
