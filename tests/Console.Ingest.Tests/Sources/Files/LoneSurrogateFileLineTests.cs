using System.Text.Json.Nodes;
using Console.Ingest.Parsing;
using Console.Ingest.Sources.Files;

namespace Console.Ingest.Tests.Sources.Files;

/// <summary>
/// Files read as JSON (Docker's json-file lines, lines for the <c>json</c> parser) keep an escaped lone surrogate
/// (<c>"\ud800"</c>) as U+FFFD, like every JSON receiver, instead of throwing when the string is read.
/// </summary>
public sealed class LoneSurrogateFileLineTests
{
    [Fact]
    public void A_docker_json_file_line_with_a_lone_surrogate_escape_is_read_with_U_FFFD()
    {
        var line = """{"log":"a\ud800b\n","stream":"stdout","time":"2026-11-26T10:00:00.123456789Z"}"""u8;

        Assert.True(DockerJsonLine.TryParse(line, out var log, out var stream, out _));

        Assert.Equal("a\uFFFDb\n", log);
        Assert.Equal("stdout", stream);
    }

    [Fact]
    public void The_json_parser_reads_a_message_with_a_lone_surrogate_escape_with_U_FFFD()
    {
        var fields = new JsonObject { ["message"] = """{"message":"from a file","half":"a\udc00b"}""" };

        Assert.Equal(ParseOutcome.Parsed, new JsonLineParser().Parse(fields));

        // Before the repair reading it threw (System.Text.Json cannot read a lone surrogate escape as a string).
        Assert.Equal("a\uFFFDb", fields["half"]!.GetValue<string>());
        Assert.Contains("\"half\"", fields.ToJsonString(), StringComparison.Ordinal);
    }
}
