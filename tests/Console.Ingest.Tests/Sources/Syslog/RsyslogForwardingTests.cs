using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Console.Ingest.Pipeline;
using Console.Ingest.Tests.Support;

namespace Console.Ingest.Tests.Sources.Syslog;

/// <summary>
/// A private rsyslogd (Debian package rsyslog) that takes messages on its own UDP port, as the platform's rsyslog does,
/// and forwards them to the receiver with omfwd: over TCP octet-counted and LF-framed, over UDP, in rsyslog's
/// traditional forward format and in RFC 5424.
/// </summary>
public class RsyslogForwardingTests
{
    private const string Traditional = "RSYSLOG_TraditionalForwardFormat";
    private const string Rfc5424 = "RSYSLOG_SyslogProtocol23Format";

    private static string? Text(IngestRecord record, string path) => EventField.Text(record.Fields, path);

    [Theory]
    [InlineData("tcp", "octet-counted", Traditional)]
    [InlineData("tcp", "traditional", Traditional)]
    [InlineData("tcp", "octet-counted", Rfc5424)]
    [InlineData("tcp", "traditional", Rfc5424)]
    [InlineData("udp", null, Traditional)]
    public async Task Messages_relayed_by_rsyslog_arrive_whole(string protocol, string? framing, string template)
    {
        await using var r = await RunningSyslogReceiver.StartAsync();
        using var rsyslog = PrivateRsyslog.Start(protocol == "tcp" ? r.Tcp.Port : r.Udp.Port, protocol, framing, template);
        await rsyslog.WaitUntilForwardingAsync(r.Pipeline);

        // The platform's three kinds of sender: logger in RFC 5424 with structured data, logger in RFC 3164 with a pid,
        // and Python's SysLogHandler (gunicorn, Django), which sends neither time nor host.
        await ExternalProcess.RunAsync(DebianProgram.Logger, ["--rfc5424", "-n", "127.0.0.1", "-P", rsyslog.UdpInputPort, "-d",
            "-t", "thebot-healthcheck", "-p", "local1.info", "--sd-id", "health@32473", "--sd-param", "component=\"db\"", "db ok"]);
        await ExternalProcess.RunAsync(DebianProgram.Logger, ["--rfc3164", "-n", "127.0.0.1", "-P", rsyslog.UdpInputPort, "-d",
            "-i", "-t", "thebot-audit", "-p", "authpriv.warning", "INFO event=login_failed username=student003"]);
        await rsyslog.SendAsync("<11>gunicorn.thebot.error: [23687] Worker timeout (pid:23688)");
        var records = await r.Pipeline.WaitForAsync(x => x.Count(IsTestMessage) >= 3);
        var health = records.Single(x => Text(x, "process.name") == "thebot-healthcheck");
        var audit = records.Single(x => Text(x, "process.name") == "thebot-audit");
        var gunicorn = records.Single(x => Text(x, "process.name") == "gunicorn.thebot.error");

        Assert.All([health, audit, gunicorn], x =>
        {
            Assert.Null(x.Fields["tags"]);
            Assert.Equal(protocol == "tcp" ? "syslog-tcp" : "syslog-udp", x.Input);
            Assert.False(string.IsNullOrEmpty(Text(x, "host.name")));
            var time = DateTimeOffset.Parse(Text(x, "@timestamp")!, CultureInfo.InvariantCulture);
            Assert.InRange(time, DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow.AddMinutes(1));
        });
        Assert.Equal("db ok", Text(health, "message"));
        Assert.Equal("local1", Text(health, "syslog.facility_name"));
        Assert.Equal("INFO", Text(health, "log_level"));
        // Only the RFC 5424 template carries structured data on; the traditional one drops it.
        Assert.Equal(template == Rfc5424 ? "db" : null, Text(health, "syslog.sd.health@32473.component"));
        Assert.Equal("INFO event=login_failed username=student003", Text(audit, "message"));
        Assert.Equal("WARNING", Text(audit, "log_level"));
        Assert.Equal("authpriv", Text(audit, "syslog.facility_name"));
        Assert.True(long.Parse(Text(audit, "process.pid")!, CultureInfo.InvariantCulture) > 0);
        Assert.Equal("[23687] Worker timeout (pid:23688)", Text(gunicorn, "message"));
        Assert.Equal("ERROR", Text(gunicorn, "log_level"));
        Assert.Equal("user", Text(gunicorn, "syslog.facility_name"));
    }

    [Theory]
    [InlineData("octet-counted", Traditional)]
    [InlineData("traditional", Traditional)]
    [InlineData("octet-counted", Rfc5424)]
    public async Task A_burst_relayed_over_one_tcp_connection_arrives_in_order(string framing, string template)
    {
        await using var r = await RunningSyslogReceiver.StartAsync();
        using var rsyslog = PrivateRsyslog.Start(r.Tcp.Port, "tcp", framing, template);
        await rsyslog.WaitUntilForwardingAsync(r.Pipeline);
        var lines = Enumerable.Range(1, 500).Select(i => $"bulk {i:D3} " + new string('b', i % 200)).ToList();

        // Into rsyslog over TCP as well: a burst of datagrams overflows rsyslogd's own UDP socket buffer before it reads them.
        await ExternalProcess.RunAsync(DebianProgram.Logger, ["-n", "127.0.0.1", "-P", rsyslog.TcpInputPort, "-T", "-t", "thebot-bulk"],
            standardInput: string.Join("\n", lines) + "\n");
        var records = await r.Pipeline.WaitForAsync(x => x.Count(y => Text(y, "process.name") == "thebot-bulk") >= lines.Count);

        Assert.Equal(lines, records.Where(x => Text(x, "process.name") == "thebot-bulk").Select(x => Text(x, "message")));
        Assert.Equal(0, r.TcpCounters.Rejected);
    }

    private static bool IsTestMessage(IngestRecord record) =>
        Text(record, "process.name") is "thebot-healthcheck" or "thebot-audit" or "gunicorn.thebot.error";

    /// <summary>rsyslogd in the foreground with its own config, pid file and work directory; killed on dispose.</summary>
    private sealed class PrivateRsyslog : IDisposable
    {
        private readonly TempDirectory _directory;
        private readonly ExternalProcess _process;
        private readonly int _udpInputPort;
        private readonly int _tcpInputPort;

        private PrivateRsyslog(TempDirectory directory, ExternalProcess process, int udpInputPort, int tcpInputPort)
        {
            _directory = directory;
            _process = process;
            _udpInputPort = udpInputPort;
            _tcpInputPort = tcpInputPort;
        }

        public string UdpInputPort => _udpInputPort.ToString(CultureInfo.InvariantCulture);

        public string TcpInputPort => _tcpInputPort.ToString(CultureInfo.InvariantCulture);

        public static PrivateRsyslog Start(int targetPort, string protocol, string? framing, string template)
        {
            var rsyslogd = DebianProgram.Rsyslogd;
            var directory = new TempDirectory();
            var udpInputPort = FreePort.Udp();
            var tcpInputPort = FreePort.Tcp();
            var framingSetting = framing is null ? "" : $" TCP_Framing=\"{framing}\"";
            var config = Path.Combine(directory.Path, "rsyslog.conf");
            File.WriteAllText(config, $"""
                global(workDirectory="{directory.Path}")
                module(load="imuxsock" SysSock.Use="off")
                module(load="imudp")
                input(type="imudp" address="127.0.0.1" port="{udpInputPort}")
                module(load="imtcp")
                input(type="imtcp" address="127.0.0.1" port="{tcpInputPort}")
                action(type="omfwd" target="127.0.0.1" port="{targetPort}" protocol="{protocol}"{framingSetting} template="{template}")

                """);
            var process = ExternalProcess.Start(rsyslogd, "-n", "-f", config, "-i", Path.Combine(directory.Path, "rsyslogd.pid"));
            return new PrivateRsyslog(directory, process, udpInputPort, tcpInputPort);
        }

        public async Task SendAsync(string datagram)
        {
            using var client = new UdpClient(AddressFamily.InterNetwork);
            await client.SendAsync(Encoding.UTF8.GetBytes(datagram), new IPEndPoint(IPAddress.Loopback, _udpInputPort));
        }

        /// <summary>rsyslogd binds its input a moment after it starts: probe until a probe comes through.</summary>
        public async Task WaitUntilForwardingAsync(CollectingPipeline pipeline)
        {
            var watch = Stopwatch.StartNew();
            while (!pipeline.Records.Any(x => Text(x, "process.name") == "probe"))
            {
                if (_process.HasExited || watch.Elapsed > TimeSpan.FromSeconds(15))
                {
                    Assert.Fail($"rsyslogd did not forward a probe within {watch.Elapsed.TotalSeconds:F0} s " +
                                $"(exited: {_process.HasExited}). {_process.CommandLine}\n{_process.Output}");
                }

                await SendAsync("<14>probe: are you there");
                await Task.Delay(200);
            }
        }

        public void Dispose()
        {
            _process.Dispose();
            _directory.Dispose();
        }
    }
}
