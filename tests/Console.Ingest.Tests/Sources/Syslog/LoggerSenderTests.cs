using System.Globalization;
using System.Text.Json.Nodes;
using Console.Ingest.Pipeline;
using Console.Ingest.Tests.Support;

namespace Console.Ingest.Tests.Sources.Syslog;

/// <summary>util-linux <c>logger</c> (Debian package bsdutils) sending to the receiver, as cron jobs and shell scripts do.</summary>
public class LoggerSenderTests
{
    private static string Port(System.Net.IPEndPoint endpoint) => endpoint.Port.ToString(CultureInfo.InvariantCulture);

    private static Task<string> Logger(params string[] arguments) => ExternalProcess.RunAsync(DebianProgram.Logger, arguments);

    private static string? Text(IngestRecord record, string path) => EventField.Text(record.Fields, path);

    private static void AssertRecent(IngestRecord record)
    {
        var time = DateTimeOffset.Parse(Text(record, "@timestamp")!, CultureInfo.InvariantCulture);
        Assert.InRange(time, DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    private static void AssertHostFromMessage(IngestRecord record)
    {
        // logger writes the machine's name into the message; the receiver falls back to the sender's address only when there is none.
        Assert.False(string.IsNullOrEmpty(Text(record, "host.name")));
        Assert.NotEqual("127.0.0.1", Text(record, "host.name"));
    }

    [Fact]
    public async Task Rfc5424_over_tcp_with_msgid_and_structured_data()
    {
        await using var r = await RunningSyslogReceiver.StartAsync();

        // Sent as: <131>1 2026-...+00:00 vm thebot-deploy - DEPLOY [timeQuality tzKnown="1" isSynced="0"][deploy@32473 ...] Deploy started\n
        await Logger("--rfc5424", "-n", "127.0.0.1", "-P", Port(r.Tcp), "-T", "-t", "thebot-deploy", "-p", "local0.err",
            "--msgid", "DEPLOY", "--sd-id", "deploy@32473", "--sd-param", "release=\"2026.11.1\"",
            "--sd-param", "note=\"say \\\"hi\\\" \\] c:\\\\tmp\"", "Deploy started: caf\u00e9");
        var record = (await r.Pipeline.WaitForCountAsync(1)).Single();

        Assert.Equal("syslog-tcp", record.Input);
        Assert.Null(record.Fields["tags"]);
        Assert.Equal("Deploy started: caf\u00e9", Text(record, "message"));
        Assert.Equal("thebot-deploy", Text(record, "process.name"));
        Assert.Equal("thebot-deploy", Text(record, "service"));
        Assert.Equal("ERROR", Text(record, "log_level"));
        Assert.Equal("local0", Text(record, "syslog.facility_name"));
        Assert.Equal("DEPLOY", Text(record, "syslog.msgid"));
        Assert.Equal("2026.11.1", Text(record, "syslog.sd.deploy@32473.release"));
        Assert.Equal("say \"hi\" ] c:\\tmp", Text(record, "syslog.sd.deploy@32473.note"));
        Assert.Equal("1", Text(record, "syslog.sd.timeQuality.tzKnown"));
        AssertHostFromMessage(record);
        AssertRecent(record);
    }

    [Fact]
    public async Task Rfc5424_over_udp()
    {
        await using var r = await RunningSyslogReceiver.StartAsync();

        await Logger("--rfc5424", "-n", "127.0.0.1", "-P", Port(r.Udp), "-d", "-t", "thebot-healthcheck", "-p", "local1.info", "redis ok");
        var record = (await r.Pipeline.WaitForCountAsync(1)).Single();

        Assert.Equal("syslog-udp", record.Input);
        Assert.Equal("redis ok", Text(record, "message"));
        Assert.Equal("thebot-healthcheck", Text(record, "process.name"));
        Assert.Equal("INFO", Text(record, "log_level"));
        Assert.Equal("local1", Text(record, "syslog.facility_name"));
        AssertHostFromMessage(record);
        AssertRecent(record);
    }

    [Fact]
    public async Task Rfc5424_without_time_leaves_the_time_of_arrival()
    {
        await using var r = await RunningSyslogReceiver.StartAsync();

        // Sent as: <13>1 - vm thebot-backup - - - no clock
        await Logger("--rfc5424=notime,notq", "-n", "127.0.0.1", "-P", Port(r.Udp), "-d", "-t", "thebot-backup", "no clock");
        var record = (await r.Pipeline.WaitForCountAsync(1)).Single();

        Assert.Equal("no clock", Text(record, "message"));
        Assert.Null(record.Fields["syslog"]!["sd"]);
        AssertRecent(record);
    }

    [Fact]
    public async Task Rfc3164_over_tcp_and_udp_with_pid()
    {
        await using var r = await RunningSyslogReceiver.StartAsync();

        // Sent as: <84>Nov 25 19:48:10 vm thebot-audit[16855]: ... (TCP adds "\n")
        await Logger("--rfc3164", "-n", "127.0.0.1", "-P", Port(r.Tcp), "-T", "-i", "-t", "thebot-audit", "-p", "authpriv.warning", "login failed over tcp");
        await Logger("--rfc3164", "-n", "127.0.0.1", "-P", Port(r.Udp), "-d", "-i", "-t", "thebot-audit", "-p", "authpriv.warning", "login failed over udp");
        var records = await r.Pipeline.WaitForCountAsync(2);

        Assert.Equal(["login failed over tcp", "login failed over udp"], records.Select(x => Text(x, "message")).Order(StringComparer.Ordinal));
        Assert.All(records, record =>
        {
            Assert.Null(record.Fields["tags"]);
            Assert.Equal("thebot-audit", Text(record, "process.name"));
            Assert.True(record.Fields["process"]!["pid"] is JsonValue pid && pid.GetValue<long>() > 0, record.Fields.ToJsonString());
            Assert.Equal("WARNING", Text(record, "log_level"));
            Assert.Equal("authpriv", Text(record, "syslog.facility_name"));
            AssertHostFromMessage(record);
            AssertRecent(record);
        });
    }

    [Fact]
    public async Task Octet_counted_tcp()
    {
        await using var r = await RunningSyslogReceiver.StartAsync();

        // Sent as: 96 <13>1 2026-... vm thebot-cron - - [timeQuality ...] first (no line end)
        await Logger("-n", "127.0.0.1", "-P", Port(r.Tcp), "-T", "--octet-count", "-t", "thebot-cron", "first");
        await Logger("-n", "127.0.0.1", "-P", Port(r.Tcp), "-T", "--octet-count", "-t", "thebot-cron", "second");
        await r.Pipeline.WaitForCountAsync(2);

        Assert.Equal(["first", "second"], r.Pipeline.Messages);
    }

    [Fact]
    public async Task Lines_read_from_stdin_are_separate_messages_on_one_connection()
    {
        await using var r = await RunningSyslogReceiver.StartAsync();
        var lines = Enumerable.Range(1, 300).Select(i => $"line {i} of a script's output").ToList();

        await ExternalProcess.RunAsync(DebianProgram.Logger, ["-n", "127.0.0.1", "-P", Port(r.Tcp), "-T", "-t", "thebot-script"],
            standardInput: string.Join("\n", lines) + "\n");
        await r.Pipeline.WaitForCountAsync(lines.Count);

        Assert.Equal(lines, r.Pipeline.Messages);
    }
}
