using Console.Ingest.Parsing;
using Console.Ingest.Tests.Support;

namespace Console.Ingest.Tests.Parsing;

public class DjangoAuditParserTests
{
    private static ILogParser Parser => TestParsers.Default.Get("django-audit");

    [Fact]
    public void An_audit_line_maps_its_keys_to_the_schema()
    {
        const string line = "2026-11-23 23:14:45,778 WARNING event=login_failed user_id=- username=student027 reason=bad_credentials ip=198.51.100.2 request_id=cb6328c8b517c635abafe2b277429ef5";

        var fields = Parser.Parse(line);

        Assert.Equal(line, fields.Text("message"));
        Assert.Equal("2026-11-23T23:14:45.778Z", fields.Text("@timestamp"));
        Assert.Equal("WARNING", fields.Text("log_level"));
        Assert.Equal("login_failed", fields.Text("event.action"));
        Assert.Equal("bad_credentials", fields.Text("event.reason"));
        Assert.Equal("student027", fields.Text("user.name"));
        Assert.Equal("198.51.100.2", fields.Text("client.ip"));
        Assert.Equal("cb6328c8b517c635abafe2b277429ef5", fields.Text("request_id"));
        Assert.Null(fields.Field("user_id"));
        Assert.Equal("django.audit", fields.Text("event.dataset"));
    }

    [Fact]
    public void Other_keys_are_kept_under_audit()
    {
        var fields = Parser.Parse("2026-11-23 23:14:46,159 INFO event=lesson_created lesson_id=301 owner_id=16 actor_id=16 request_id=95d6");

        Assert.Equal("301", fields.Text("audit.lesson_id"));
        Assert.Equal("16", fields.Text("audit.actor_id"));
        Assert.Equal("INFO", fields.Text("log_level"));
    }

    [Fact]
    public void Corpus_every_line_parses_and_levels_and_events_match_the_manifest()
    {
        var truth = Corpus.Truth("django/audit.log");

        var run = CorpusRun.OfLines(Parser, "django/audit.log");

        Assert.Empty(run.Failed);
        Assert.Equal(truth.GetProperty("lines").GetInt64(), run.Parsed.Count);
        Assert.Equal(truth.GetProperty("by_level").Counts(), run.CountBy(e => e.Text("log_level")));
        Assert.Equal(truth.GetProperty("by_event").Counts(), run.CountBy(e => e.Text("event.action")));
        Assert.Equal(truth.GetProperty("failed_logins").GetInt64(), run.Count(e => e.Text("event.action") is "login_failed" or "login_denied"));
    }
}
