using System.Text.RegularExpressions;
using Console.Ingest.Parsing;
using Console.Ingest.Tests.Support;

namespace Console.Ingest.Tests.Parsing;

public partial class PostgresqlParserTests
{
    private static ILogParser Parser => TestParsers.Default.Get("postgresql");

    [GeneratedRegex(@" at character \d+$")]
    private static partial Regex ErrorPosition();

    [Fact]
    public void A_duration_line_gives_duration_statement_and_session()
    {
        const string line = "2026-11-23 23:14:42.845 UTC [23673] postgres@postgres LOG:  duration: 6.048 ms  statement: CREATE DATABASE thebot OWNER thebot";

        var fields = Parser.Parse(line);

        Assert.Equal("2026-11-23T23:14:42.845Z", fields.Text("@timestamp"));
        Assert.Equal(23673, fields.Long("process.pid"));
        Assert.Equal("postgres", fields.Text("db.user"));
        Assert.Equal("postgres", fields.Text("db.name"));
        Assert.Equal("LOG", fields.Text("postgresql.severity"));
        Assert.Equal("INFO", fields.Text("log_level"));
        Assert.Equal(6.048, fields.Number("duration_ms"));
        Assert.Equal("CREATE DATABASE thebot OWNER thebot", fields.Text("db.statement"));
        Assert.Equal("duration: 6.048 ms  statement: CREATE DATABASE thebot OWNER thebot", fields.Text("message"));
        Assert.Equal(line, fields.Text("event.original"));
        Assert.Equal("postgresql", fields.Text("service"));
    }

    [Theory]
    [InlineData("[3-1] ")] // log_destination = syslog with syslog_sequence_numbers (the default)
    [InlineData("[1] ")] //   syslog_sequence_numbers = off: the chunk number alone
    public void Through_syslog_the_same_line_after_its_sequence_number_is_parsed_alike(string sequence)
    {
        var fields = Parser.Parse(sequence + "2026-11-23 23:14:42.845 UTC [23673] thebot@thebot ERROR:  relation \"lessons_x\" does not exist at character 15");

        Assert.Equal("2026-11-23T23:14:42.845Z", fields.Text("@timestamp"));
        Assert.Equal(23673, fields.Long("process.pid"));
        Assert.Equal("thebot", fields.Text("db.name"));
        Assert.Equal("ERROR", fields.Text("log_level"));
        Assert.Equal("relation \"lessons_x\" does not exist at character 15", fields.Text("message"));
    }

    [Fact]
    public void A_statement_continued_on_tab_lines_is_one_event()
    {
        const string entry = "2026-11-23 23:14:43.451 UTC [23684] thebot@thebot LOG:  duration: 2.621 ms  statement: \n\t            SELECT c.relname\n\t            FROM pg_catalog.pg_class c\n\t        ";

        var fields = Parser.Parse(entry);

        Assert.Equal(2.621, fields.Number("duration_ms"));
        Assert.StartsWith("\n\t            SELECT c.relname\n\t            FROM pg_catalog.pg_class c", fields.Text("db.statement"), StringComparison.Ordinal);
    }

    [Fact]
    public void Background_processes_have_no_session_and_unknown_sessions_are_left_out()
    {
        var background = Parser.Parse("2026-11-23 23:14:42.752 UTC [23664] LOG:  database system is ready to accept connections");
        var unknown = Parser.Parse("2026-11-23 23:14:42.834 UTC [23673] [unknown]@[unknown] LOG:  connection received: host=[local]");

        Assert.Null(background.Field("db"));
        Assert.Null(unknown.Field("db"));
        Assert.Equal("connection received: host=[local]", unknown.Text("message"));
    }

    [Theory]
    [InlineData("ERROR", "ERROR")]
    [InlineData("FATAL", "CRITICAL")]
    [InlineData("PANIC", "CRITICAL")]
    [InlineData("WARNING", "WARNING")]
    [InlineData("NOTICE", "INFO")]
    [InlineData("DEBUG2", "DEBUG")]
    [InlineData("STATEMENT", "INFO")]
    [InlineData("DETAIL", "INFO")]
    [InlineData("HINT", "INFO")]
    public void Severities_map_to_levels_and_detail_lines_keep_their_severity(string severity, string level)
    {
        var fields = Parser.Parse($"2026-11-23 23:14:46.575 UTC [23878] thebot@thebot {severity}:  something");

        Assert.Equal(severity, fields.Text("postgresql.severity"));
        Assert.Equal(level, fields.Text("log_level"));
    }

    [Fact]
    public void A_statement_line_ties_the_error_to_its_request_through_the_sql_comment()
    {
        var fields = Parser.Parse("2026-11-23 23:14:46.420 UTC [23856] thebot@thebot STATEMENT:  /* request_id=960c28f32829bedfe99bc3be4b46bf50 */ SELEC id, title FROM api_lesson LIMIT 5");

        Assert.Equal("960c28f32829bedfe99bc3be4b46bf50", fields.Text("request_id"));
        Assert.Equal("/* request_id=960c28f32829bedfe99bc3be4b46bf50 */ SELEC id, title FROM api_lesson LIMIT 5", fields.Text("db.statement"));
    }

    [Fact]
    public void Connection_authorized_lines_give_the_application_name()
    {
        var fields = Parser.Parse("2026-11-23 23:14:43.411 UTC [23683] thebot@thebot LOG:  connection authorized: user=thebot database=thebot application_name=thebot-migrate");

        Assert.Equal("thebot-migrate", fields.Text("postgresql.application_name"));
    }

    [Fact]
    public void Corpus_every_entry_parses_and_severities_errors_and_durations_match_the_manifest()
    {
        var truth = Corpus.Truth("postgresql/postgresql-15-main.log");
        var entries = Corpus.Events("postgresql/postgresql-15-main.log", line => !line.StartsWith('\t'));

        var run = CorpusRun.Of(Parser, entries);

        Assert.Empty(run.Failed);
        Assert.Equal(truth.GetProperty("entries").GetInt64(), run.Parsed.Count);
        Assert.Equal(truth.GetProperty("by_severity").Counts(), run.CountBy(e => e.Text("postgresql.severity")));
        Assert.Equal(truth.GetProperty("error_lines").GetInt64(), run.Count(e => e.Text("log_level") == "ERROR"));
        Assert.Equal(truth.GetProperty("fatal_lines").GetInt64(), run.Count(e => e.Text("log_level") == "CRITICAL"));
        Assert.Equal(truth.GetProperty("error_messages").Counts(), run.CountBy(e => e.Text("log_level") == "ERROR" ? ErrorPosition().Replace(e.Text("message")!, "") : null));
        Assert.Equal(truth.GetProperty("fatal_messages").Counts(), run.CountBy(e => e.Text("log_level") == "CRITICAL" ? e.Text("message") : null));
        Assert.Equal(truth.GetProperty("duration_lines").GetInt64(), run.Count(e => e.Number("duration_ms") is not null));
        var threshold = truth.GetProperty("slow_threshold_ms").GetDouble();
        Assert.Equal(truth.GetProperty("statements_over_threshold").GetInt64(), run.Count(e => e.Number("duration_ms") > threshold));
        Assert.Equal(truth.GetProperty("statements_over_1000ms").GetInt64(), run.Count(e => e.Number("duration_ms") > 1000));
        Assert.Equal(truth.GetProperty("max_duration_ms").GetDouble(), run.Parsed.Max(e => e.Number("duration_ms") ?? 0));
        Assert.Equal(truth.GetProperty("connections_by_application_name").Counts(), run.CountBy(e => e.Text("postgresql.application_name")));
    }

    [Fact]
    public void Corpus_error_count_and_slow_statements_match_the_manifest_summary()
    {
        var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Corpus.PathOf("manifest.json"))).RootElement.GetProperty("summary");
        var entries = Corpus.Events("postgresql/postgresql-15-main.log", line => !line.StartsWith('\t'));

        var run = CorpusRun.Of(Parser, entries);

        Assert.Equal(summary.GetProperty("postgres_error_lines").GetInt64(), run.Count(e => e.Text("log_level") == "ERROR"));
        Assert.Equal(summary.GetProperty("postgres_statements_over_250ms").GetInt64(), run.Count(e => e.Number("duration_ms") > 250));
    }
}
