using Console.Ingest.Parsing;
using Console.Ingest.Tests.Support;

namespace Console.Ingest.Tests.Parsing;

/// <summary>The PostgreSQL parser on what syslog brings once its lines are joined: whole reports, short prefixes.</summary>
public class PostgresqlReportTests
{
    private static ILogParser Parser => TestParsers.Default.Get(PostgresqlParser.ParserName);

    [Fact]
    public void A_report_splits_into_message_detail_hint_context_and_statement_with_the_whole_kept_as_original()
    {
        const string report =
            "2026-11-23 23:15:02.117 UTC [23701] thebot@thebot ERROR:  duplicate key value violates unique constraint \"auth_user_username_key\"\n" +
            "2026-11-23 23:15:02.117 UTC [23701] thebot@thebot DETAIL:  Key (username)=(alice) already exists.\n" +
            "2026-11-23 23:15:02.117 UTC [23701] thebot@thebot HINT:  Choose another name.\n" +
            "2026-11-23 23:15:02.117 UTC [23701] thebot@thebot CONTEXT:  SQL function \"f\" statement 1\n" +
            "2026-11-23 23:15:02.117 UTC [23701] thebot@thebot STATEMENT:  INSERT INTO \"auth_user\" (\"username\")\n" +
            "\t  VALUES ('alice') /* request_id=9a1b */";

        var fields = Parser.Parse(report);

        Assert.Equal("ERROR", fields.Text("log_level"));
        Assert.Equal("duplicate key value violates unique constraint \"auth_user_username_key\"", fields.Text("message"));
        Assert.Equal("Key (username)=(alice) already exists.", fields.Text("postgresql.detail"));
        Assert.Equal("Choose another name.", fields.Text("postgresql.hint"));
        Assert.Equal("SQL function \"f\" statement 1", fields.Text("postgresql.context"));
        Assert.Equal("INSERT INTO \"auth_user\" (\"username\")\n\t  VALUES ('alice') /* request_id=9a1b */", fields.Text("db.statement"));
        Assert.Equal("9a1b", fields.Text("request_id"));
        Assert.Equal(report, fields.Text("event.original"));
        Assert.Equal("2026-11-23T23:15:02.117Z", fields.Text("@timestamp"));
    }

    [Fact]
    public void Tab_lines_and_a_severity_word_inside_the_message_do_not_start_a_report_line()
    {
        const string entry = "2026-11-23 23:14:43.451 UTC [23684] thebot@thebot LOG:  statement: SELECT 'DETAIL:  not one'\n\tFROM x";

        var fields = Parser.Parse(entry);

        Assert.Equal("statement: SELECT 'DETAIL:  not one'\n\tFROM x", fields.Text("message"));
        Assert.Null(fields.Field("postgresql.detail"));
    }

    [Theory]
    [InlineData("[3-1] ERROR:  relation \"x\" does not exist at character 15", null)] // log_line_prefix = ''
    [InlineData("thebot@thebot ERROR:  relation \"x\" does not exist at character 15", "thebot")] // '%q%u@%d '
    public void Through_syslog_a_prefix_without_time_and_pid_keeps_the_syslog_time_and_pid_untagged(string message, string? user)
    {
        var fields = new System.Text.Json.Nodes.JsonObject
        {
            ["@timestamp"] = "2026-11-23T23:14:46.000Z",
            ["message"] = message,
            ["process"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "postgres", ["pid"] = 1234L },
        };

        Assert.Equal(ParseOutcome.Parsed, Parser.Parse(fields));

        Assert.Equal("ERROR", fields.Text("log_level"));
        Assert.Equal("relation \"x\" does not exist at character 15", fields.Text("message"));
        Assert.Equal("2026-11-23T23:14:46.000Z", fields.Text("@timestamp"));
        Assert.Equal(1234, fields.Long("process.pid"));
        Assert.Equal(user, fields.Text("db.user"));
        Assert.Empty(fields.Tags());
    }

    [Fact]
    public void A_line_that_is_not_postgresql_still_fails()
    {
        Parser.Parse("Started nginx.service", out var outcome);

        Assert.Equal(ParseOutcome.Failed, outcome);
    }
}
