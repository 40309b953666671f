using System.Globalization;
using Console.Ingest.Parsing;
using Console.Ingest.Tests.Support;

namespace Console.Ingest.Tests.Parsing;

public class DjangoRequestsParserTests
{
    private static ILogParser Parser => TestParsers.Default.Get("django-requests");

    [Fact]
    public void A_request_line_gives_http_fields_duration_user_and_request_id()
    {
        const string line = "2026-11-23 23:14:45,488 method=GET path=/api/lessons/?page=2 status=200 duration_ms=55.6 user_id=22 request_id=6da57c4438c0272ba994c9d66d8bb77d";

        var fields = Parser.Parse(line);

        Assert.Equal(line, fields.Text("message"));
        Assert.Equal("2026-11-23T23:14:45.488Z", fields.Text("@timestamp"));
        Assert.Equal("GET", fields.Text("http.method"));
        Assert.Equal("/api/lessons/?page=2", fields.Text("http.url"));
        Assert.Equal("/api/lessons/", fields.Text("http.path"));
        Assert.Equal(200, fields.Long("http.status_code"));
        Assert.Equal(55.6, fields.Number("duration_ms"));
        Assert.Equal("22", fields.Text("user_id"));
        Assert.Equal("6da57c4438c0272ba994c9d66d8bb77d", fields.Text("request_id"));
        Assert.Equal("INFO", fields.Text("log_level"));
        Assert.Equal("django-backend", fields.Text("service"));
        Assert.Equal("django.requests", fields.Text("event.dataset"));
    }

    [Fact]
    public void An_anonymous_request_has_no_user_id_and_unknown_keys_are_kept_under_django()
    {
        var fields = Parser.Parse("2026-11-23 23:14:45,488 method=POST path=/api/login/ status=401 duration_ms=3 user_id=- view=\"login view\" request_id=abc");

        Assert.Null(fields.Field("user_id"));
        Assert.Equal("login view", fields.Text("django.view"));
        Assert.Equal("WARNING", fields.Text("log_level"));
    }

    [Fact]
    public void Corpus_every_request_parses_and_the_counts_match_the_manifest()
    {
        var truth = Corpus.Truth("django/requests.log");

        var run = CorpusRun.OfLines(Parser, "django/requests.log");

        Assert.Empty(run.Failed);
        Assert.Equal(truth.GetProperty("requests").GetInt64(), run.Parsed.Count);
        Assert.Equal(truth.GetProperty("by_status").Counts(), run.CountBy(e => e.Long("http.status_code")?.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(truth.GetProperty("anonymous_requests").GetInt64(), run.Count(e => e.Field("user_id") is null));
        Assert.Equal(truth.GetProperty("authenticated_requests").GetInt64(), run.Count(e => e.Field("user_id") is not null));
        Assert.Equal(
            truth.GetProperty("user_ids").EnumerateArray().Select(u => u.GetString()!).Order(StringComparer.Ordinal),
            run.CountBy(e => e.Text("user_id")).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(truth.GetProperty("distinct_request_ids").GetInt64(), run.CountBy(e => e.Text("request_id")).Count);
        Assert.Equal(truth.GetProperty("duration_ms_ge_250").GetInt64(), run.Count(e => e.Number("duration_ms") >= 250));
        Assert.Equal(truth.GetProperty("duration_ms_ge_1000").GetInt64(), run.Count(e => e.Number("duration_ms") >= 1000));
    }
}
