using System.Text.RegularExpressions;
using Console.Ingest.Parsing;
using Console.Ingest.Tests.Support;

namespace Console.Ingest.Tests.Parsing;

public partial class DjangoParserTests
{
    private static ILogParser Parser => TestParsers.Default.Get("django");

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} ")]
    private static partial Regex RecordStart();

    [Fact]
    public void A_record_gives_time_level_logger_pid_and_its_message_part()
    {
        const string line = "2026-11-23 23:14:44,037 INFO thebot.seed 23685 Seeded 65 users (5 inactive) and 300 lessons";

        var fields = Parser.Parse(line);

        Assert.Equal("2026-11-23T23:14:44.037Z", fields.Text("@timestamp"));
        Assert.Equal("INFO", fields.Text("log_level"));
        Assert.Equal("thebot.seed", fields.Text("logger"));
        Assert.Equal(23685, fields.Long("process.pid"));
        Assert.Equal("Seeded 65 users (5 inactive) and 300 lessons", fields.Text("message"));
        Assert.Equal(line, fields.Text("event.original"));
        Assert.Equal("django-backend", fields.Text("service"));
        Assert.Null(fields.Field("error"));
    }

    [Fact]
    public void Request_lines_of_thebot_http_give_the_http_fields()
    {
        var fields = Parser.Parse("2026-11-23 23:14:46,429 ERROR thebot.http 23688 GET /api/boom/?kind=db 500");

        Assert.Equal("GET", fields.Text("http.method"));
        Assert.Equal("/api/boom/?kind=db", fields.Text("http.url"));
        Assert.Equal("/api/boom/", fields.Text("http.path"));
        Assert.Equal(500, fields.Long("http.status_code"));
        Assert.Equal("GET /api/boom/?kind=db 500", fields.Text("message"));
    }

    [Fact]
    public void Django_request_warnings_give_the_path()
    {
        var fields = Parser.Parse("2026-11-23 23:14:46,481 WARNING django.request 23688 Not Found: /api/missing/");

        Assert.Equal("WARNING", fields.Text("log_level"));
        Assert.Equal("/api/missing/", fields.Text("http.path"));
        Assert.Null(fields.Field("http.status_code"));
    }

    [Fact]
    public void A_record_with_a_chained_traceback_takes_the_final_exception()
    {
        const string record = """
            2026-11-23 23:14:46,428 ERROR django.request 23688 Internal Server Error: /api/boom/
            Traceback (most recent call last):
              File "/usr/lib/python3/dist-packages/django/db/backends/utils.py", line 82, in _execute
                return self.cursor.execute(sql)
                       ^^^^^^^^^^^^^^^^^^^^^^^^
            psycopg2.errors.SyntaxError: syntax error at or near "SELEC"
            LINE 1: /* request_id=960c28f32829bedfe99bc3be4b46bf50 */ SELEC id, ...
                                                                      ^


            The above exception was the direct cause of the following exception:

            Traceback (most recent call last):
              File "/usr/lib/python3/dist-packages/django/core/handlers/exception.py", line 47, in inner
                response = get_response(request)
                           ^^^^^^^^^^^^^^^^^^^^^
              File "/usr/lib/python3/dist-packages/django/db/backends/utils.py", line 82, in _execute
                return self.cursor.execute(sql)
                       ^^^^^^^^^^^^^^^^^^^^^^^^
            django.db.utils.ProgrammingError: syntax error at or near "SELEC"
            LINE 1: /* request_id=960c28f32829bedfe99bc3be4b46bf50 */ SELEC id, ...
                                                                      ^

            """;

        var fields = Parser.Parse(record);

        Assert.Equal("Internal Server Error: /api/boom/", fields.Text("message"));
        Assert.Equal("django.db.utils.ProgrammingError", fields.Text("error.type"));
        Assert.StartsWith("syntax error at or near \"SELEC\"\nLINE 1: /* request_id=", fields.Text("error.message"), StringComparison.Ordinal);
        Assert.StartsWith("Traceback (most recent call last):\n", fields.Text("error.stack_trace"), StringComparison.Ordinal);
        Assert.EndsWith("^", fields.Text("error.stack_trace"), StringComparison.Ordinal);
        Assert.Equal(record, fields.Text("event.original"));
        Assert.Equal("/api/boom/", fields.Text("http.path"));
    }

    [Fact]
    public void During_handling_chains_also_end_with_the_last_exception()
    {
        const string record = """
            2026-11-23 23:14:47,001 ERROR thebot.tasks 23688 Sync failed
            Traceback (most recent call last):
              File "/srv/thebot/backend/api/tasks.py", line 20, in sync
                client.connect()
            ConnectionRefusedError: [Errno 111] Connection refused

            During handling of the above exception, another exception occurred:

            Traceback (most recent call last):
              File "/srv/thebot/backend/api/tasks.py", line 22, in sync
                raise SyncError(user) from None
            api.errors.SyncError: user 47
            """;

        var fields = Parser.Parse(record);

        Assert.Equal("Sync failed", fields.Text("message"));
        Assert.Equal("api.errors.SyncError", fields.Text("error.type"));
        Assert.Equal("user 47", fields.Text("error.message"));
    }

    [Fact]
    public void A_multi_line_message_without_a_traceback_is_kept_whole()
    {
        var fields = Parser.Parse("2026-11-23 23:14:47,001 WARNING thebot.reports 23688 Report done\n  rows: 3\n  slow: yes");

        Assert.Equal("Report done\n  rows: 3\n  slow: yes", fields.Text("message"));
        Assert.Null(fields.Field("error"));
    }

    [Fact]
    public void Corpus_records_by_level_logger_and_traceback_match_the_manifest()
    {
        var truth = Corpus.Truth("django/thebot.log");
        var records = Corpus.Events("django/thebot.log", line => RecordStart().IsMatch(line));

        var run = CorpusRun.Of(Parser, records);

        Assert.Empty(run.Failed);
        Assert.Equal(truth.GetProperty("records").GetInt64(), run.Parsed.Count);
        Assert.Equal(truth.GetProperty("by_level").Counts(), run.CountBy(e => e.Text("log_level")));
        Assert.Equal(truth.GetProperty("by_logger").Counts(), run.CountBy(e => e.Text("logger")));
        Assert.Equal(truth.GetProperty("by_logger_level").Counts(), run.CountBy(e => $"{e.Text("logger")} {e.Text("log_level")}"));
        Assert.Equal(truth.GetProperty("records_with_traceback").GetInt64(), run.Count(e => e.Text("error.stack_trace") is not null));
        Assert.Equal(Corpus.Truth("django/thebot.log").GetProperty("traceback_final_exception_type").Counts(), run.CountBy(e => e.Text("error.type")));
        Assert.All(run.Parsed, e => Assert.DoesNotContain('\n', e.Text("message")!));
    }

    [Fact]
    public void Corpus_tracebacks_by_final_exception_match_the_manifest_summary()
    {
        var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Corpus.PathOf("manifest.json")))
            .RootElement.GetProperty("summary").GetProperty("django_tracebacks");
        var records = Corpus.Events("django/thebot.log", line => RecordStart().IsMatch(line));

        var run = CorpusRun.Of(Parser, records);

        Assert.Equal(summary.GetProperty("by_final_exception").Counts(), run.CountBy(e => e.Text("error.type")));
        Assert.Equal(summary.GetProperty("records_with_traceback").GetInt64(), run.Count(e => e.Text("error.type") is not null));
    }
}
