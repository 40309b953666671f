using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Console.Web.Verify;
using Xunit.Abstractions;

namespace Console.Web.Tests.Verify;

/// <summary><c>verify</c> run in-process against the real console on real sockets, and against ports where nothing answers.</summary>
public partial class VerifyCommandTests(RunningConsole console, ITestOutputHelper log) : IClassFixture<RunningConsole>
{
    private static readonly string[] Inputs =
        ["http-ndjson", "http-bulk", "tcp-json", "udp-json", "syslog-tcp", "syslog-udp", "otlp-http", "clef-http", "gelf-tcp", "gelf-udp"];

    [Fact]
    public async Task Every_check_passes_against_a_running_console_and_every_probe_is_really_searchable()
    {
        var args = await console.VerifyArgumentsAsync();
        args.AddRange(["--timeout", "20"]);

        var (exit, output, checks) = await RunAsync(args);

        Assert.True(exit == VerifyCommand.Passed, output);
        Assert.Equal(28, checks.Count);
        Assert.All(checks, line => Assert.True(line.StartsWith("PASS  ", StringComparison.Ordinal), output));
        Assert.Contains(checks, line => line.StartsWith("PASS  http /healthz ", StringComparison.Ordinal));
        Assert.Contains(checks, line => line.StartsWith("PASS  ingest stats ", StringComparison.Ordinal));
        Assert.Contains("PASS: all 28 checks passed", output, StringComparison.Ordinal);

        // The command must not just say so: each marker it reports is one event in the store, under the right input.
        using var client = new HttpClient { BaseAddress = console.Url };
        foreach (var input in Inputs)
        {
            var line = Assert.Single(checks, l => l.StartsWith($"PASS  searchable {input} ", StringComparison.Ordinal));
            var marker = Marker().Match(line).Groups[1].Value;
            Assert.Contains($"PASS  probe {input} ", Assert.Single(checks, l => l.Contains(marker, StringComparison.Ordinal) && l.Contains("probe", StringComparison.Ordinal)), StringComparison.Ordinal);
            var found = await client.GetFromJsonAsync<JsonElement>($"/api/search?from=now-1h&q={Uri.EscapeDataString($"message:\"{marker}\"")}");
            Assert.Equal(1, found.GetProperty("total").GetInt64());
            Assert.Contains(input, found.GetProperty("hits")[0].GetProperty("_source").GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        // The stats table lists every input the probes went through.
        foreach (var input in Inputs)
        {
            Assert.Matches($@"(?m)^\s+{input}\s+[1-9]\d*\s+0\s", output);
        }
    }

    [Fact]
    public async Task Nothing_listening_fails_every_check_with_exit_code_1_in_bounded_time()
    {
        var closedTcp = ClosedTcpPort();
        var closedUdp = ClosedUdpPort();
        string[] args =
        [
            "--url", $"http://127.0.0.1:{closedTcp}", "--host", "127.0.0.1",
            "--json-tcp-port", $"{closedTcp}", "--json-udp-port", $"{closedUdp}",
            "--syslog-tcp-port", $"{closedTcp}", "--syslog-udp-port", $"{closedUdp}",
            "--gelf-tcp-port", $"{closedTcp}", "--gelf-udp-port", $"{closedUdp}",
            "--timeout", "2",
        ];

        var watch = Stopwatch.StartNew();
        var (exit, output, checks) = await RunAsync(args);

        Assert.Equal(VerifyCommand.Failed, exit);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}:\n{output}");
        Assert.Equal(28, checks.Count);
        // Sending a UDP probe succeeds whether or not anyone listens; the port checks before it are what say nobody does.
        string[] udpProbes = ["PASS  probe udp-json ", "PASS  probe syslog-udp ", "PASS  probe gelf-udp "];
        Assert.All(checks.Where(l => !udpProbes.Any(p => l.StartsWith(p, StringComparison.Ordinal))), line => Assert.StartsWith("FAIL  ", line, StringComparison.Ordinal));
        Assert.All(udpProbes, p => Assert.Single(checks, l => l.StartsWith(p, StringComparison.Ordinal)));
        Assert.Contains(checks, line => line.StartsWith("FAIL  http /healthz ", StringComparison.Ordinal) && line.Contains("refused", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(checks, line => line.StartsWith("FAIL  udp-json send ", StringComparison.Ordinal) && line.Contains("port unreachable", StringComparison.Ordinal));
        Assert.Contains(checks, line => line.StartsWith("FAIL  searchable udp-json ", StringComparison.Ordinal) && line.Contains("did not answer /healthz", StringComparison.Ordinal));
        Assert.Contains("FAIL: 25 of 28 checks failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_url_fails_every_http_check_and_searches_nothing()
    {
        var args = await console.VerifyArgumentsAsync();
        Replace(args, "--url", new Uri(console.Url, "not-the-console/"));
        args.AddRange(["--timeout", "5"]);

        var watch = Stopwatch.StartNew();
        var (exit, output, checks) = await RunAsync(args);

        Assert.Equal(VerifyCommand.Failed, exit);
        // Waiting out the 5 s timeout for each of the six searchable checks would take over 30 s; the bound leaves room for a loaded machine.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(25), $"took {watch.Elapsed}:\n{output}");
        Assert.Contains(checks, l => l.StartsWith("FAIL  http /healthz ", StringComparison.Ordinal) && l.Contains("/not-the-console/healthz: 404", StringComparison.Ordinal));
        Assert.All(["probe http-ndjson", "probe otlp-http", "probe clef-http", "ingest stats"], name => Assert.Single(checks, l => l.StartsWith($"FAIL  {name} ", StringComparison.Ordinal)));
        // POST /not-the-console/_bulk is Elasticsearch's per-index bulk route, and the probe's own _index wins over it.
        Assert.Single(checks, l => l.StartsWith("PASS  probe http-bulk ", StringComparison.Ordinal) && l.Contains("in thebot-logs-", StringComparison.Ordinal));
        // The socket probes reach the real receivers, but without the HTTP API nothing can say whether they became searchable.
        Assert.All(["tcp-json", "udp-json", "syslog-tcp", "syslog-udp", "gelf-tcp", "gelf-udp"], input =>
        {
            Assert.Single(checks, l => l.StartsWith($"PASS  probe {input} ", StringComparison.Ordinal));
            Assert.Single(checks, l => l.StartsWith($"FAIL  searchable {input} ", StringComparison.Ordinal) && l.Contains("did not answer /healthz", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task A_port_that_takes_probes_but_never_indexes_them_fails_at_searchable_after_the_timeout()
    {
        // JSON lines go to sockets this test holds and never reads: the sends succeed, the events never arrive.
        using var blackHoleTcp = new TcpListener(IPAddress.Loopback, 0);
        blackHoleTcp.Start();
        using var blackHoleUdp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var args = await console.VerifyArgumentsAsync();
        Replace(args, "--json-tcp-port", ((IPEndPoint)blackHoleTcp.LocalEndpoint).Port);
        Replace(args, "--json-udp-port", ((IPEndPoint)blackHoleUdp.Client.LocalEndPoint!).Port);
        Replace(args, "--syslog-tcp-port", ClosedTcpPort());
        Replace(args, "--syslog-udp-port", ClosedUdpPort());
        args.AddRange(["--timeout", "5"]);

        var watch = Stopwatch.StartNew();
        var (exit, output, checks) = await RunAsync(args);

        Assert.Equal(VerifyCommand.Failed, exit);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}:\n{output}");
        // A UDP probe cannot know it went nowhere: the port check says so, and its searchable check fails after the timeout.
        string[] passed =
        [
            "http /healthz", "tcp-json connect", "udp-json send", "probe http-ndjson", "probe http-bulk", "probe tcp-json", "probe udp-json",
            "probe syslog-udp", "searchable http-ndjson", "searchable http-bulk", "ingest stats",
            "gelf-tcp connect", "gelf-udp send", "probe otlp-http", "probe clef-http", "probe gelf-tcp", "probe gelf-udp",
            "searchable otlp-http", "searchable clef-http", "searchable gelf-tcp", "searchable gelf-udp",
        ];
        string[] failed =
        [
            "syslog-tcp connect", "syslog-udp send", "probe syslog-tcp",
            "searchable tcp-json", "searchable udp-json", "searchable syslog-tcp", "searchable syslog-udp",
        ];
        Assert.Equal(28, checks.Count);
        Assert.All(passed, name => Assert.Single(checks, l => l.StartsWith($"PASS  {name} ", StringComparison.Ordinal)));
        Assert.All(failed, name => Assert.Single(checks, l => l.StartsWith($"FAIL  {name} ", StringComparison.Ordinal)));
        // On a busy machine the last search itself may time out; the check then says so after "not found".
        Assert.Matches(@"FAIL  searchable tcp-json +message:""[0-9a-f]{32}"" not found within 5 s(; the last search failed: [^\n]*)? \(\d+ ms\)", output);
        Assert.Matches(@"FAIL  searchable syslog-udp +message:""[0-9a-f]{32}"" not found within 5 s", output);
        Assert.Contains(checks, l => l.StartsWith("FAIL  searchable syslog-tcp ", StringComparison.Ordinal) && l.Contains("not sent", StringComparison.Ordinal));
        Assert.Contains("FAIL: 7 of 28 checks failed", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unknown option '--bogus'", "--bogus", "1")]
    [InlineData("unexpected argument 'now'", "now")]
    [InlineData("--json-port: '70000' is not a port (1-65535)", "--json-port", "70000")]
    [InlineData("--url: 'ftp://example' is not an http:// or https:// address", "--url=ftp://example")]
    [InlineData("--timeout: '0' is not a number of seconds", "--timeout", "0")]
    [InlineData("--timeout needs a value", "--timeout")]
    public async Task A_bad_argument_is_named_with_the_usage_and_exit_code_2(string reason, params string[] args)
    {
        var (exit, output, checks) = await RunAsync(args);

        Assert.Equal(VerifyCommand.BadArguments, exit);
        Assert.StartsWith($"verify: {reason}", output, StringComparison.Ordinal);
        Assert.Contains("usage: Console.Web verify", output, StringComparison.Ordinal);
        Assert.Empty(checks);
    }

    [Fact]
    public void A_per_protocol_port_wins_over_the_shared_one_in_any_order()
    {
        Assert.True(VerifyOptions.TryParse(["--syslog-udp-port=6000", "--syslog-port", "7000", "--json-port", "7001"], out var options, out var error), error);

        Assert.Equal((7001, 7001, 7000, 6000), (options.JsonTcpPort, options.JsonUdpPort, options.SyslogTcpPort, options.SyslogUdpPort));
        Assert.Equal(TimeSpan.FromSeconds(15), options.Timeout);
        Assert.Equal(new Uri("http://127.0.0.1:5601"), options.Url);
    }

    private async Task<(int Exit, string Output, List<string> Checks)> RunAsync(IReadOnlyList<string> args)
    {
        using var output = new StringWriter();
        var exit = await VerifyCommand.RunAsync(args, output);
        var text = output.ToString();
        log.WriteLine(text);
        var checks = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("PASS  ", StringComparison.Ordinal) || l.StartsWith("FAIL  ", StringComparison.Ordinal)).ToList();
        return (exit, text, checks);
    }

    private static void Replace(List<string> args, string option, object value) => args[args.IndexOf(option) + 1] = $"{value}";

    private static int ClosedTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static int ClosedUdpPort()
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
    }

    [GeneratedRegex(@"message:""([0-9a-f]{32})""")]
    private static partial Regex Marker();
}
