using System.Globalization;
using Console.Ingest.Parsing;
using Console.Ingest.Tests.Support;

namespace Console.Ingest.Tests.Parsing;

public class NginxAccessParserTests
{
    private static ILogParser Parser => TestParsers.Default.Get("nginx-access");

    [Fact]
    public void A_combined_line_fills_the_http_fields_and_keeps_the_raw_line_as_message()
    {
        const string line = "198.51.100.232 - - [23/Nov/2026:23:14:45 +0000] \"GET /api/lessons/?page=2 HTTP/1.1\" 200 1648 \"http://thebot.local/dashboard\" \"Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0\"";

        var fields = Parser.Parse(line);

        Assert.Equal(line, fields.Text("message"));
        Assert.Equal("2026-11-23T23:14:45.000Z", fields.Text("@timestamp"));
        Assert.Equal("198.51.100.232", fields.Text("client.ip"));
        Assert.Equal("GET", fields.Text("http.method"));
        Assert.Equal("/api/lessons/?page=2", fields.Text("http.url"));
        Assert.Equal("/api/lessons/", fields.Text("http.path"));
        Assert.Equal("1.1", fields.Text("http.version"));
        Assert.Equal(200, fields.Long("http.status_code"));
        Assert.Equal(1648, fields.Long("http.response.bytes"));
        Assert.Equal("http://thebot.local/dashboard", fields.Text("http.referrer"));
        Assert.Equal("Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0", fields.Text("user_agent.original"));
        Assert.Equal("INFO", fields.Text("log_level"));
        Assert.Equal("nginx", fields.Text("service"));
        Assert.Equal("nginx.access", fields.Text("event.dataset"));
        Assert.Null(fields.Field("user.name"));
        Assert.Empty(fields.Tags());
    }

    [Fact]
    public void The_timed_variant_adds_duration_upstream_times_and_the_request_id()
    {
        const string line = "203.0.113.196 - - [23/Nov/2026:23:14:51 +0000] \"GET /api/reports/slow/?ms=2600 HTTP/1.1\" 504 167 \"-\" \"curl/7.88.1\" rt=2.001 uct=\"0.000\" uht=\"-\" urt=\"0.000, 2.001\" rid=6700603b912bd2e4f5fd0e7df1a94eae";

        var fields = Parser.Parse(line);

        Assert.Equal(2001, fields.Number("duration_ms"));
        Assert.Equal(0.0, fields.Number("nginx.upstream.connect_time"));
        Assert.Null(fields.Field("nginx.upstream.header_time"));
        Assert.Equal(2.001, fields.Number("nginx.upstream.response_time"));
        Assert.Equal("6700603b912bd2e4f5fd0e7df1a94eae", fields.Text("request_id"));
        Assert.Null(fields.Field("http.referrer"));
        Assert.Equal("ERROR", fields.Text("log_level"));
    }

    [Theory]
    [InlineData(404, "WARNING")]
    [InlineData(499, "WARNING")]
    [InlineData(500, "ERROR")]
    [InlineData(302, "INFO")]
    public void The_level_follows_the_status(int status, string level)
    {
        var fields = Parser.Parse($"10.0.0.1 - alice [23/Nov/2026:23:14:45 +0000] \"POST /x HTTP/2.0\" {status} - \"-\" \"-\"");

        Assert.Equal(level, fields.Text("log_level"));
        Assert.Equal("alice", fields.Text("user.name"));
        Assert.Null(fields.Field("http.response.bytes"));
    }

    [Fact]
    public void A_garbage_request_line_is_kept_whole()
    {
        var fields = Parser.Parse("198.51.100.9 - - [23/Nov/2026:23:14:45 +0000] \"\\x16\\x03\\x01\\x00\" 400 157 \"-\" \"-\"");

        Assert.Equal("\\x16\\x03\\x01\\x00", fields.Text("http.request_line"));
        Assert.Equal(400, fields.Long("http.status_code"));
    }

    [Fact]
    public void A_line_of_another_format_fails_is_tagged_and_keeps_its_message()
    {
        const string line = "2026/11/23 23:14:45 [notice] 23696#23696: nginx/1.22.1";

        var fields = Parser.Parse(line, out var outcome);

        Assert.Equal(ParseOutcome.Failed, outcome);
        Assert.Equal(line, fields.Text("message"));
        Assert.Equal(["_grokparsefailure"], fields.Tags());
        Assert.Null(fields.Field("@timestamp"));
    }

    [Theory]
    [InlineData("nginx/access.log")]
    [InlineData("nginx/access_timed.log")]
    public void Corpus_every_request_parses_and_the_counts_match_the_manifest(string file)
    {
        var truth = Corpus.Truth(file);

        var run = CorpusRun.OfLines(Parser, file);

        Assert.Empty(run.Failed);
        Assert.Equal(truth.GetProperty("requests").GetInt64(), run.Parsed.Count);
        Assert.Equal(truth.GetProperty("by_status").Counts(), run.CountBy(e => e.Long("http.status_code")?.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(truth.GetProperty("by_method").Counts(), run.CountBy(e => e.Text("http.method")));
        Assert.Equal(truth.GetProperty("by_user_agent").Counts(), run.CountBy(e => e.Text("user_agent.original")));
        Assert.Equal(truth.GetProperty("distinct_client_ips").GetInt64(), run.CountBy(e => e.Text("client.ip")).Count);
        Assert.Equal(truth.GetProperty("status_5xx").GetInt64(), run.Count(e => e.Text("log_level") == "ERROR"));
        Assert.Equal(truth.GetProperty("status_4xx").GetInt64(), run.Count(e => e.Text("log_level") == "WARNING"));
        Assert.All(run.Parsed, e => Assert.StartsWith("2026-11-23T23:1", e.Text("@timestamp"), StringComparison.Ordinal));

        if (truth.TryGetProperty("request_time_ge_1s", out var slow))
        {
            Assert.Equal(slow.GetInt64(), run.Count(e => e.Number("duration_ms") >= 1000));
            Assert.Equal(truth.GetProperty("request_time_ge_2s").GetInt64(), run.Count(e => e.Number("duration_ms") >= 2000));
            Assert.Equal(truth.GetProperty("no_upstream").GetInt64(), run.Count(e => e.Field("nginx.upstream.response_time") is null));
            Assert.Equal(truth.GetProperty("distinct_request_ids").GetInt64(), run.CountBy(e => e.Text("request_id")).Count);
        }
    }
}
