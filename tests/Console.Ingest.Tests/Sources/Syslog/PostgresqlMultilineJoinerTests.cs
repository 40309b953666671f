using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Console.Ingest.Parsing;
using Console.Ingest.Pipeline;
using Console.Ingest.Sources.Syslog;
using Console.Ingest.Tests.Support;

namespace Console.Ingest.Tests.Sources.Syslog;

public partial class PostgresqlMultilineJoinerTests
{
    private const string Corpus = "postgresql/postgresql-15-main.log";
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 23, 14, 46, TimeSpan.Zero);
    private static readonly SyslogMessageParser SyslogParser = new(new FixedClock(T0));
    private static readonly string[] ReportLineKinds = ["DETAIL", "HINT", "CONTEXT", "QUERY", "LOCATION", "STATEMENT"];

    private readonly PostgresqlMultilineOptions _options = new();
    private readonly ComponentCounters _counters = new(PostgresqlMultilineJoiner.StageName);

    [GeneratedRegex(@"^\S+ \S+ \S+ \[(?<pid>\d+)\] (?:\S*@\S* )?(?<severity>[A-Z0-9]+):  ")]
    private static partial Regex StderrLine();

    [GeneratedRegex(@" at character \d+$")]
    private static partial Regex ErrorPosition();

    private PostgresqlMultilineJoiner NewJoiner() => new(_options, new SyslogReceiverOptions().Programs.Values, _counters);

    private static IngestRecord Record(string datagram, string sender = "127.0.0.1")
    {
        var fields = SyslogParser.Parse(datagram, sender, T0);
        var program = EventField.Text(fields, "process.name");
        return new IngestRecord { Input = SyslogReceiver.UdpInput, Fields = fields, Parser = new SyslogReceiverOptions().ParserFor(program) };
    }

    private static List<IngestRecord> Feed(PostgresqlMultilineJoiner joiner, IEnumerable<string> datagrams, DateTimeOffset? at = null)
    {
        var ready = new List<IngestRecord>();
        foreach (var datagram in datagrams)
        {
            joiner.Add(Record(datagram), "127.0.0.1", at ?? T0, ready);
        }

        return ready;
    }

    private static List<string> Datagrams(long pid, long sequence, string report) =>
        PostgresqlSyslogWriter.Lines(sequence, report).Select(line => PostgresqlSyslogWriter.Rfc3164(line, pid)).ToList();

    private static string Message(IngestRecord record) => EventField.Text(record.Fields, "message")!;

    private static List<string> Flags(IngestRecord record) =>
        EventField.Get(record.Fields, "log.flags") is JsonArray flags ? flags.Select(f => f!.GetValue<string>()).ToList() : [];

    /// <summary>The corpus's reports: an entry with the DETAIL, HINT, STATEMENT, ... entries of its process that follow it.</summary>
    private static List<(long Pid, string Text)> CorpusReports()
    {
        var reports = new List<(long Pid, string Text)>();
        foreach (var entry in Support.Corpus.Events(Corpus, line => !line.StartsWith('\t')))
        {
            var match = StderrLine().Match(entry);
            Assert.True(match.Success, entry);
            var pid = long.Parse(match.Groups["pid"].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (ReportLineKinds.Contains(match.Groups["severity"].Value) && reports.Count > 0 && reports[^1].Pid == pid)
            {
                reports[^1] = (pid, reports[^1].Text + "\n" + entry);
            }
            else
            {
                reports.Add((pid, entry));
            }
        }

        return reports;
    }

    [Fact]
    public void Corpus_reports_sent_as_postgresql_writes_them_to_syslog_come_back_whole_and_parse_like_the_manifest()
    {
        var truth = Support.Corpus.Truth(Corpus);
        var reports = CorpusReports();
        var sequences = new Dictionary<long, long>();
        var datagrams = new List<string>();
        var joiner = NewJoiner();
        var events = new List<IngestRecord>();
        foreach (var (pid, text) in reports)
        {
            // At the report's own time, as the receiver's timer would: processes gone quiet are sent after the timeout.
            var now = DateTimeOffset.Parse(text[..23] + "Z", System.Globalization.CultureInfo.InvariantCulture);
            joiner.FlushExpired(now, events);
            var sequence = sequences[pid] = sequences.GetValueOrDefault(pid) + 1;
            var lines = Datagrams(pid, sequence, text);
            datagrams.AddRange(lines);
            foreach (var line in lines)
            {
                joiner.Add(Record(line), "127.0.0.1", now, events);
            }
        }

        joiner.FlushAll(events);

        // The corpus has multi-line statements and lines over 900 bytes, so both kinds of cut are in there.
        Assert.True(datagrams.Count > reports.Count + 300, $"{datagrams.Count} lines for {reports.Count} reports");
        Assert.Contains(datagrams, d => d.Contains("-2] #011", StringComparison.Ordinal));
        Assert.Contains(datagrams, d => Regex.IsMatch(d, @"-\d+\]  \S"));
        Assert.Equal(reports.Select(r => r.Text).Order(StringComparer.Ordinal), events.Select(Message).Order(StringComparer.Ordinal));
        Assert.All(events, e => Assert.DoesNotContain("incomplete", Flags(e)));
        Assert.Equal(datagrams.Count, _counters.Received);
        Assert.Equal(reports.Count, _counters.Parsed);
        Assert.Equal(0, _counters.Failed);
        Assert.Equal(0, joiner.Pending);

        // What the pipeline's parse stage then makes of them: one event per report, its STATEMENT in db.statement.
        var parser = TestParsers.Default.Get(PostgresqlParser.ParserName);
        Assert.All(events, e => Assert.Equal(ParseOutcome.Parsed, parser.Parse(e.Fields)));
        var severities = events.Select(e => e.Fields.Text("postgresql.severity")!).ToList();
        Assert.DoesNotContain(severities, s => ReportLineKinds.Contains(s));
        var bySeverity = truth.GetProperty("by_severity").Counts();
        Assert.Equal(bySeverity["ERROR"], severities.Count(s => s == "ERROR"));
        // A STATEMENT line follows errors and log_lock_waits' LOG lines; duration lines carry their statement themselves.
        Assert.Equal(bySeverity["STATEMENT"], events.Count(e => e.Fields.Number("duration_ms") is null && e.Fields.Text("db.statement") is not null));
        Assert.Equal(bySeverity["DETAIL"], events.Count(e => e.Fields.Text("postgresql.detail") is not null));
        Assert.Equal(bySeverity["HINT"], events.Count(e => e.Fields.Text("postgresql.hint") is not null));
        Assert.Equal(truth.GetProperty("error_messages").Counts(),
            events.Where(e => e.Fields.Text("log_level") == "ERROR").GroupBy(e => ErrorPosition().Replace(e.Fields.Text("message")!, ""))
                .ToDictionary(g => g.Key, g => (long)g.Count()));
        Assert.Equal(truth.GetProperty("duration_lines").GetInt64(), events.Count(e => e.Fields.Number("duration_ms") is not null));
    }

    [Fact]
    public void An_error_with_a_multi_line_statement_is_one_event_with_the_statement_and_request_id()
    {
        var joiner = NewJoiner();
        string[] lines =
        [
            "<131>Nov 23 23:14:46 db1 postgres[23673]: [3-1] thebot@thebot ERROR:  relation \"lessons_x\" does not exist at character 15",
            "<134>Nov 23 23:14:46 db1 postgres[23673]: [3-2] thebot@thebot STATEMENT:  SELECT *",
            "<134>Nov 23 23:14:46 db1 postgres[23673]: [3-3] #011  FROM lessons_x /* request_id=3f2a9c1e-77aa */",
            "<134>Nov 23 23:14:46 db1 postgres[23673]: [3-4] #011  WHERE id = 1",
        ];

        var ready = Feed(joiner, lines);
        Assert.Empty(ready);
        joiner.FlushAll(ready);

        var e = Assert.Single(ready);
        Assert.Equal("thebot@thebot ERROR:  relation \"lessons_x\" does not exist at character 15\nthebot@thebot STATEMENT:  SELECT *\n\t  FROM lessons_x /* request_id=3f2a9c1e-77aa */\n\t  WHERE id = 1", Message(e));
        Assert.Equal(["multiline"], Flags(e));
        Assert.Equal("err", e.Fields.Text("syslog.severity_name")); // <131>: the first line's priority
        Assert.Equal(ParseOutcome.Parsed, TestParsers.Default.Get(e.Parser!).Parse(e.Fields));
        Assert.Equal("ERROR", e.Fields.Text("log_level"));
        Assert.Equal("relation \"lessons_x\" does not exist at character 15", e.Fields.Text("message"));
        Assert.Equal("SELECT *\n\t  FROM lessons_x /* request_id=3f2a9c1e-77aa */\n\t  WHERE id = 1", e.Fields.Text("db.statement"));
        Assert.Equal("3f2a9c1e-77aa", e.Fields.Text("request_id"));
        Assert.Equal(23673, e.Fields.Long("process.pid"));
        Assert.Equal("db1", e.Fields.Text("host.name"));
        Assert.Equal("thebot", e.Fields.Text("db.user"));
        // No time in this prefix: the syslog header's stays, untagged.
        Assert.Equal("2026-11-23T23:14:46.000Z", e.Fields.Text("@timestamp"));
        Assert.Empty(e.Fields.Tags());
    }

    [Fact]
    public void Interleaved_processes_are_joined_each_and_the_next_message_of_a_process_completes_its_last()
    {
        var joiner = NewJoiner();
        var a = Datagrams(101, 7, "ERROR:  division by zero\nSTATEMENT:  SELECT 1/0");
        var b = Datagrams(202, 3, "LOG:  duration: 1.5 ms  statement: SELECT id\n\t  FROM api_lesson");
        var c = Datagrams(101, 8, "LOG:  disconnection: session time: 0:00:01.002 user=thebot database=thebot host=[local]");
        string[] interleaved = [a[0], b[0], a[1], b[1], c[0]];

        var ready = Feed(joiner, interleaved);

        // 101's message 8 started, so its message 7 is complete; 202's and 101's message 8 still wait.
        var first = Assert.Single(ready);
        Assert.Equal("ERROR:  division by zero\nSTATEMENT:  SELECT 1/0", Message(first));
        Assert.Equal(2, joiner.Pending);
        joiner.FlushAll(ready);
        Assert.Equal(
            ["ERROR:  division by zero\nSTATEMENT:  SELECT 1/0", "LOG:  disconnection: session time: 0:00:01.002 user=thebot database=thebot host=[local]", "LOG:  duration: 1.5 ms  statement: SELECT id\n\t  FROM api_lesson"],
            ready.Select(Message).Order(StringComparer.Ordinal));
        Assert.Equal([101L, 101L, 202L], ready.Select(r => r.Fields.Long("process.pid")!.Value).Order());
        var joined = ready.Single(r => r.Fields.Long("process.pid") == 202);
        Assert.Equal(ParseOutcome.Parsed, TestParsers.Default.Get(joined.Parser!).Parse(joined.Fields));
        Assert.Equal(1.5, joined.Fields.Number("duration_ms"));
        Assert.Equal("SELECT id\n\t  FROM api_lesson", joined.Fields.Text("db.statement"));
    }

    [Fact]
    public void The_same_pid_on_another_host_or_from_another_sender_is_another_process()
    {
        var joiner = NewJoiner();
        var ready = new List<IngestRecord>();
        joiner.Add(Record(PostgresqlSyslogWriter.Rfc3164("[1-1] LOG:  a", 55, host: "db1")), "10.0.0.1", T0, ready);
        joiner.Add(Record(PostgresqlSyslogWriter.Rfc3164("[1-1] LOG:  b", 55, host: "db2")), "10.0.0.1", T0, ready);
        joiner.Add(Record(PostgresqlSyslogWriter.Rfc3164("[1-2] #011c", 55, host: "db1")), "10.0.0.2", T0, ready);

        Assert.Empty(ready);
        Assert.Equal(3, joiner.Pending);
    }

    [Fact]
    public void Lines_that_arrive_out_of_order_are_put_back_in_order_and_the_first_line_gives_the_event_its_syslog_fields()
    {
        var joiner = NewJoiner();
        var lines = Datagrams(23673, 12, "ERROR:  deadlock detected\nDETAIL:  Process 23673 waits for ShareLock on transaction 1234.\nHINT:  See server log for query details.");
        lines[0] = lines[0].Replace("Nov 23 23:14:46", "Nov 23 23:14:45", StringComparison.Ordinal);

        var ready = Feed(joiner, [lines[2], lines[0], lines[1]]);
        joiner.FlushAll(ready);

        var e = Assert.Single(ready);
        Assert.Equal("ERROR:  deadlock detected\nDETAIL:  Process 23673 waits for ShareLock on transaction 1234.\nHINT:  See server log for query details.", Message(e));
        Assert.Equal("2026-11-23T23:14:45.000Z", e.Fields.Text("@timestamp"));
        Assert.DoesNotContain("incomplete", Flags(e));
        Assert.Equal(ParseOutcome.Parsed, TestParsers.Default.Get(e.Parser!).Parse(e.Fields));
        Assert.Equal("deadlock detected", e.Fields.Text("message"));
        Assert.Equal("Process 23673 waits for ShareLock on transaction 1234.", e.Fields.Text("postgresql.detail"));
        Assert.Equal("See server log for query details.", e.Fields.Text("postgresql.hint"));
    }

    [Fact]
    public void A_late_line_of_a_message_already_sent_is_sent_alone_without_disturbing_the_waiting_one()
    {
        var joiner = NewJoiner();
        var ready = Feed(joiner, [.. Datagrams(9, 4, "LOG:  first"), .. Datagrams(9, 5, "LOG:  second\n\tcontinued"), PostgresqlSyslogWriter.Rfc3164("[4-2] #011late", 9)]);

        Assert.Equal(["LOG:  first", "\tlate"], ready.Select(Message));
        Assert.Equal(["multiline", "incomplete"], Flags(ready[1]));
        Assert.Equal(1, joiner.Pending);
        joiner.FlushAll(ready);
        Assert.Equal("LOG:  second\n\tcontinued", Message(ready[2]));
    }

    [Fact]
    public void A_waiting_message_is_sent_after_the_timeout_since_its_last_line_and_not_before()
    {
        _options.Timeout = TimeSpan.FromSeconds(1);
        var joiner = NewJoiner();
        var ready = Feed(joiner, Datagrams(77, 1, "LOG:  checkpoint starting: time"), T0);
        joiner.Add(Record(PostgresqlSyslogWriter.Rfc3164("[1-2] #011more", 77)), "127.0.0.1", T0.AddMilliseconds(600), ready);

        joiner.FlushExpired(T0.AddMilliseconds(1500), ready);
        Assert.Empty(ready); // 900 ms since the last line
        joiner.FlushExpired(T0.AddMilliseconds(1600), ready);

        var e = Assert.Single(ready);
        Assert.Equal("LOG:  checkpoint starting: time\n\tmore", Message(e));
        Assert.Equal(0, joiner.Pending);
    }

    [Fact]
    public void A_message_whose_first_line_was_lost_is_sent_flagged_incomplete_counted_and_kept_when_it_does_not_parse()
    {
        var joiner = NewJoiner();
        var lines = Datagrams(23684, 21, "LOG:  duration: 2.621 ms  statement: \n\t            SELECT c.relname\n\t            FROM pg_catalog.pg_class c");

        var ready = Feed(joiner, lines.Skip(1));
        joiner.FlushAll(ready);

        var e = Assert.Single(ready);
        Assert.Equal("\t            SELECT c.relname\n\t            FROM pg_catalog.pg_class c", Message(e));
        Assert.Equal(["multiline", "incomplete"], Flags(e));
        Assert.Equal(1, _counters.Failed);
        Assert.Contains(_counters.Recent.Snapshot(), r => r.Reason.Contains("message 21 of postgres[23684] on db1 lacks a line (got 2,3)", StringComparison.Ordinal));
        Assert.Equal(ParseOutcome.Failed, TestParsers.Default.Get(e.Parser!).Parse(e.Fields));
        Assert.Contains("_grokparsefailure", e.Fields.Tags());
        Assert.Equal("\t            SELECT c.relname\n\t            FROM pg_catalog.pg_class c", e.Fields.Text("message"));
    }

    [Fact]
    public void A_gap_in_the_middle_is_joined_around_and_flagged_incomplete()
    {
        var joiner = NewJoiner();
        var lines = Datagrams(5, 2, "ERROR:  syntax error at or near \"SELEC\" at character 1\nSTATEMENT:  SELEC 1\n\tFROM x");

        var ready = Feed(joiner, [lines[0], lines[2]]);
        joiner.FlushAll(ready);

        Assert.Equal("ERROR:  syntax error at or near \"SELEC\" at character 1\n\tFROM x", Message(ready.Single()));
        Assert.Equal(["multiline", "incomplete"], Flags(ready.Single()));
    }

    [Fact]
    public void A_statement_longer_than_900_bytes_is_put_back_without_added_line_ends()
    {
        var values = string.Join(", ", Enumerable.Range(1, 400).Select(i => $"('lesson {i}', 'seeded', {i % 7})"));
        var word = new string('x', 1000);
        var report = $"LOG:  duration: 12.5 ms  statement: INSERT INTO \"api_lesson\" (\"title\", \"body\", \"level\") VALUES {values}\n\t{word} tail";
        var lines = Datagrams(31, 9, report);
        Assert.True(lines.Count > 10);

        var joiner = NewJoiner();
        var ready = Feed(joiner, lines);
        joiner.FlushAll(ready);

        Assert.Equal(report, Message(ready.Single()));
        Assert.Equal(ParseOutcome.Parsed, TestParsers.Default.Get(ready[0].Parser!).Parse(ready[0].Fields));
        Assert.EndsWith($"VALUES {values}\n\t{word} tail", ready[0].Fields.Text("db.statement"), StringComparison.Ordinal);
    }

    [Fact]
    public void Past_MaxLines_the_lines_are_consumed_but_dropped_and_the_event_flagged_truncated()
    {
        _options.MaxLines = 2;
        var joiner = NewJoiner();

        var ready = Feed(joiner, Datagrams(8, 1, "LOG:  statement: SELECT 1\n\tFROM a\n\tJOIN b\n\tJOIN c"));
        joiner.FlushAll(ready);

        Assert.Equal("LOG:  statement: SELECT 1\n\tFROM a", Message(ready.Single()));
        Assert.Equal(["multiline", "truncated"], Flags(ready.Single()));
        Assert.Equal(1, _counters.Failed);
    }

    [Fact]
    public void A_sender_over_MaxPendingPerSender_has_its_oldest_message_sent_early_and_counted_others_keep_theirs()
    {
        _options.MaxPendingPerSender = 2;
        var joiner = NewJoiner();
        var ready = new List<IngestRecord>();
        joiner.Add(Record(PostgresqlSyslogWriter.Rfc3164("[1-1] LOG:  other sender", 1)), "10.0.0.9", T0, ready);
        joiner.Add(Record(PostgresqlSyslogWriter.Rfc3164("[1-1] LOG:  oldest", 1)), "10.0.0.1", T0, ready);
        joiner.Add(Record(PostgresqlSyslogWriter.Rfc3164("[1-1] LOG:  second", 2)), "10.0.0.1", T0.AddMilliseconds(1), ready);
        Assert.Empty(ready);

        joiner.Add(Record(PostgresqlSyslogWriter.Rfc3164("[1-1] LOG:  third", 3)), "10.0.0.1", T0.AddMilliseconds(2), ready);

        Assert.Equal(["LOG:  oldest"], ready.Select(Message));
        Assert.Equal(3, joiner.Pending);
        Assert.Equal(1, _counters.Failed);
        Assert.Contains(_counters.Recent.Snapshot(), r => r.Reason.StartsWith("sender 10.0.0.1 had 2 PostgreSQL messages waiting (PostgresqlMultiline:MaxPendingPerSender)", StringComparison.Ordinal));
    }

    [Fact]
    public void Over_MaxPending_the_message_waiting_longest_is_sent_early()
    {
        _options.MaxPending = 2;
        var joiner = NewJoiner();
        var ready = new List<IngestRecord>();
        joiner.Add(Record(PostgresqlSyslogWriter.Rfc3164("[1-1] LOG:  a", 1)), "10.0.0.1", T0, ready);
        joiner.Add(Record(PostgresqlSyslogWriter.Rfc3164("[1-1] LOG:  b", 2)), "10.0.0.2", T0.AddMilliseconds(1), ready);
        joiner.Add(Record(PostgresqlSyslogWriter.Rfc3164("[1-1] LOG:  c", 3)), "10.0.0.3", T0.AddMilliseconds(2), ready);

        Assert.Equal(["LOG:  a"], ready.Select(Message));
        Assert.Equal(2, joiner.Pending);
    }

    [Fact]
    public void Other_programs_and_whole_messages_pass_at_once_and_a_whole_message_completes_the_one_before()
    {
        var joiner = NewJoiner();
        var ready = Feed(joiner,
        [
            "<30>Nov 23 23:14:47 web1 systemd[1]: Started nginx.service",
            "<134>Nov 23 23:14:47 db1 postgres[4]: [1-1] LOG:  a",
            // syslog_split_messages = off: the whole report in one line, its line ends escaped.
            "<134>Nov 23 23:14:47 db1 postgres[4]: [2] ERROR:  x#012STATEMENT:  SELECT x#012#011FROM y",
        ]);

        Assert.Equal(["Started nginx.service", "LOG:  a", "[2] ERROR:  x\nSTATEMENT:  SELECT x\n\tFROM y"], ready.Select(Message));
        Assert.Equal(0, joiner.Pending);
        Assert.Equal(ParseOutcome.Parsed, TestParsers.Default.Get(ready[2].Parser!).Parse(ready[2].Fields));
        Assert.Equal("SELECT x\n\tFROM y", ready[2].Fields.Text("db.statement"));
        Assert.Equal("x", ready[2].Fields.Text("message"));
    }

    [Theory]
    [InlineData("[3-1] LOG:  a", 3L, 1, "LOG:  a")]
    [InlineData("[18446744-12] ", 18446744L, 12, "")]
    [InlineData("[3-2]  split at a space", 3L, 2, " split at a space")]
    public void Line_numbers_are_read(string text, long sequence, int number, string body)
    {
        Assert.True(PostgresqlMultilineJoiner.TryReadLineNumber(text, out var s, out var n, out var b));
        Assert.Equal((sequence, number, body), (s, n, b));
    }

    [Theory]
    [InlineData("[3] LOG:  a")]
    [InlineData("[3-0] LOG:  a")]
    [InlineData("[-1] LOG:  a")]
    [InlineData("[3-1]LOG:  a")]
    [InlineData("LOG:  [3-1] a")]
    [InlineData("[a-1] LOG")]
    public void Other_starts_are_not_line_numbers(string text)
    {
        Assert.False(PostgresqlMultilineJoiner.TryReadLineNumber(text, out _, out _, out _));
    }
}
