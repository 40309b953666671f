using System.Net.Sockets;
using System.Text;
using Console.Ingest.Parsing;
using Console.Ingest.Sources.Syslog;
using Console.Ingest.Tests.Support;

namespace Console.Ingest.Tests.Sources.Syslog;

/// <summary>PostgreSQL's syslog lines through the running receiver on 127.0.0.1: one event per PostgreSQL message.</summary>
public sealed class PostgresqlSyslogReceiverTests
{
    private const string Report = "thebot@thebot ERROR:  relation \"api_lesson_archive\" does not exist at character 15\n" +
        "thebot@thebot STATEMENT:  SELECT *\n\t  FROM \"api_lesson_archive\"\n\t  WHERE \"id\" = 7";

    private static List<string> Datagrams(long pid, long sequence, string report) =>
        PostgresqlSyslogWriter.Lines(sequence, report).Select(line => PostgresqlSyslogWriter.Rfc3164(line, pid)).ToList();

    [Fact]
    public async Task Udp_and_tcp_lines_of_one_message_become_one_event_the_timeout_sends_the_last_and_stop_sends_what_waits()
    {
        await using var r = await RunningSyslogReceiver.StartAsync(o => o.PostgresqlMultiline.Timeout = TimeSpan.FromMilliseconds(300));

        // UDP: two processes interleaved; the second message of 23673 completes its first at once.
        var a = Datagrams(23673, 3, Report);
        var b = Datagrams(23690, 8, "LOG:  duration: 0.9 ms  statement: SELECT 1");
        var c = Datagrams(23673, 4, "LOG:  disconnection: session time: 0:00:00.051 user=thebot database=thebot host=[local]");
        foreach (var datagram in (string[])[a[0], b[0], a[1], a[2], a[3], c[0]])
        {
            await r.SendUdpAsync(datagram);
        }

        // TCP, LF-framed as rsyslog forwards: the same report from another process.
        using (var client = await r.ConnectAsync())
        {
            var lines = Datagrams(24000, 1, Report);
            await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n"))));
        }

        // The messages that nothing follows go after the 300 ms timeout.
        var records = await r.Pipeline.WaitForCountAsync(4);
        Assert.Equal(4, records.Count);
        var parser = TestParsers.Default.Get(PostgresqlParser.ParserName);
        foreach (var record in records)
        {
            Assert.Equal(ParseOutcome.Parsed, parser.Parse(record.Fields));
        }

        var errors = records.Where(x => x.Fields.Text("log_level") == "ERROR").ToList();
        Assert.Equal([SyslogReceiver.TcpInput, SyslogReceiver.UdpInput], errors.Select(x => x.Input).Order(StringComparer.Ordinal));
        Assert.All(errors, e =>
        {
            Assert.Equal("relation \"api_lesson_archive\" does not exist at character 15", e.Fields.Text("message"));
            Assert.Equal("SELECT *\n\t  FROM \"api_lesson_archive\"\n\t  WHERE \"id\" = 7", e.Fields.Text("db.statement"));
            Assert.Equal(Report, e.Fields.Text("event.original"));
        });
        Assert.Equal(0.9, records.Single(x => x.Fields.Long("process.pid") == 23690).Fields.Number("duration_ms"));
        Assert.Single(records, x => x.Fields.Text("message")!.StartsWith("disconnection:", StringComparison.Ordinal));

        var stage = r.Stats.Stage(PostgresqlMultilineJoiner.StageName);
        Assert.Equal(6 + 4, stage.Received);
        Assert.Equal(4, stage.Parsed);
        Assert.Equal(0, stage.Failed);
        Assert.Equal(6, r.UdpCounters.Received);
        Assert.Equal(4, r.TcpCounters.Received);

        // A message still waiting when the receiver stops is sent then, not lost.
        await r.SendUdpAsync(PostgresqlSyslogWriter.Rfc3164("[5-1] LOG:  disconnection: session time: 0:00:00.010", 23690));
        await Poll.Eventually(() => r.UdpCounters.Received == 7, TimeSpan.FromSeconds(10), "the last datagram");
        await r.StopAsync();
        var all = await r.Pipeline.WaitForCountAsync(5);
        Assert.Equal("LOG:  disconnection: session time: 0:00:00.010", all[^1].Fields.Text("message"));
    }

    [Fact]
    public async Task A_long_wait_is_cut_short_only_by_stop()
    {
        await using var r = await RunningSyslogReceiver.StartAsync(o => o.PostgresqlMultiline.Timeout = TimeSpan.FromMinutes(30));
        using var client = new UdpClient(AddressFamily.InterNetwork);
        foreach (var datagram in Datagrams(31, 2, "LOG:  checkpoint complete: wrote 3 buffers (0.0%)"))
        {
            await client.SendAsync(Encoding.UTF8.GetBytes(datagram), r.Udp);
        }

        await Poll.Eventually(() => r.UdpCounters.Received == 1, TimeSpan.FromSeconds(10), "the datagram");
        await Poll.Throughout(() => r.Pipeline.Records.Count == 0, TimeSpan.FromMilliseconds(300), "the message to wait");

        await r.StopAsync();

        var record = Assert.Single(await r.Pipeline.WaitForCountAsync(1));
        Assert.Equal("LOG:  checkpoint complete: wrote 3 buffers (0.0%)", record.Fields.Text("message"));
    }
}
