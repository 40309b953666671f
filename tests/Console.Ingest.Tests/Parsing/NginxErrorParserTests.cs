using Console.Ingest.Parsing;
using Console.Ingest.Tests.Support;
using Console.Shared.Events;

namespace Console.Ingest.Tests.Parsing;

public class NginxErrorParserTests
{
    private static ILogParser Parser => TestParsers.Default.Get("nginx-error");

    [Fact]
    public void A_request_error_gives_the_message_and_the_request_context()
    {
        const string line = "2026/11/23 23:14:51 [error] 23697#23697: *1039 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 203.0.113.196, server: thebot.local, request: \"GET /api/reports/slow/?ms=2600 HTTP/1.1\", upstream: \"http://127.0.0.1:18000/api/reports/slow/?ms=2600\", host: \"thebot.local\", referrer: \"http://thebot.local/dashboard\"";

        var fields = Parser.Parse(line);

        Assert.Equal("2026-11-23T23:14:51.000Z", fields.Text("@timestamp"));
        Assert.Equal("ERROR", fields.Text("log_level"));
        Assert.Equal(23697, fields.Long("process.pid"));
        Assert.Equal(23697, fields.Long("process.thread.id"));
        Assert.Equal(1039, fields.Long("nginx.connection_id"));
        Assert.StartsWith("upstream timed out (110: Connection timed out) while reading response header from upstream, client:", fields.Text("message"), StringComparison.Ordinal);
        Assert.Equal(line, fields.Text("event.original"));
        Assert.Equal("203.0.113.196", fields.Text("client.ip"));
        Assert.Equal("thebot.local", fields.Text("nginx.server_name"));
        Assert.Equal("GET", fields.Text("http.method"));
        Assert.Equal("/api/reports/slow/?ms=2600", fields.Text("http.url"));
        Assert.Equal("/api/reports/slow/", fields.Text("http.path"));
        Assert.Equal("http://127.0.0.1:18000/api/reports/slow/?ms=2600", fields.Text("nginx.upstream"));
        Assert.Equal("thebot.local", fields.Text("url.domain"));
        Assert.Equal("http://thebot.local/dashboard", fields.Text("http.referrer"));
        Assert.Equal("nginx", fields.Text("service"));
        Assert.Equal("nginx.error", fields.Text("event.dataset"));
    }

    [Theory]
    [InlineData("error", "ERROR")]
    [InlineData("warn", "WARNING")]
    [InlineData("notice", "INFO")]
    [InlineData("info", "INFO")]
    [InlineData("crit", "CRITICAL")]
    [InlineData("alert", "CRITICAL")]
    [InlineData("emerg", "CRITICAL")]
    public void Nginx_levels_map_to_the_five(string nginx, string level)
    {
        var fields = Parser.Parse($"2026/11/23 23:14:45 [{nginx}] 23696#23696: signal process started");

        Assert.Equal(level, fields.Text("log_level"));
        Assert.Equal("signal process started", fields.Text("message"));
        Assert.Null(fields.Field("client"));
    }

    [Fact]
    public void Corpus_every_line_parses_and_levels_match_the_manifest()
    {
        var truth = Corpus.Truth("nginx/error.log");

        var run = CorpusRun.OfLines(Parser, "nginx/error.log");

        Assert.Empty(run.Failed);
        var expected = truth.GetProperty("by_level").Counts().ToDictionary(p => LogLevels.Normalize(p.Key), p => p.Value);
        Assert.Equal(expected, run.CountBy(e => e.Text("log_level")));
        Assert.Equal(truth.GetProperty("error_or_worse").GetInt64(), run.Count(e => e.Text("log_level") is "ERROR" or "CRITICAL"));
        Assert.Equal(truth.GetProperty("warn_or_worse").GetInt64(), run.Count(e => e.Text("log_level") is "WARNING" or "ERROR" or "CRITICAL"));
        // Every request-related message names its client.
        Assert.Equal(run.Count(e => e.Text("message")!.Contains(", client: ", StringComparison.Ordinal)), run.Count(e => e.Text("client.ip") is not null));
    }
}
