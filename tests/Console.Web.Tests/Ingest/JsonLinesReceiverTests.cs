using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Console.Ingest.Sources.JsonLines;
using Console.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Console.Web.Tests.Ingest;

/// <summary>Port 5000's JSON lines, over real sockets into the real pipeline and store, found again by query.</summary>
public class JsonLinesReceiverTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private Task<(int Tcp, int Udp)> Ports() => factory.Services.GetRequiredService<JsonLinesReceiver>().BoundPorts;

    private Task<long> CountEventually(string q, long expected) => Eventually.Get(
        async () => (await _client.GetFromJsonAsync<JsonElement>($"/api/search?from=*&to=*&index=thebot-logs-*&q={Uri.EscapeDataString(q)}")).GetProperty("total").GetInt64(),
        total => total >= expected);

    private async Task<JsonElement> FirstHit(string q) =>
        (await _client.GetFromJsonAsync<JsonElement>($"/api/search?from=*&to=*&index=thebot-logs-*&q={Uri.EscapeDataString(q)}")).GetProperty("hits")[0].GetProperty("_source");

    [Fact]
    public async Task Tcp_json_lines_are_indexed_and_a_bad_line_is_counted_not_fatal()
    {
        var (tcp, _) = await Ports();
        using (var client = new TcpClient())
        {
            await client.ConnectAsync("127.0.0.1", tcp);
            var stream = client.GetStream();
            var lines = """
                {"@timestamp":"2026-11-23T10:00:00Z","level":"INFO","logger_name":"thebot.lessons","message":"tcp-one","extra":{"request_id":"tcp-req","user_id":7}}
                {this is not json}
                {"@timestamp":"2026-11-23T10:00:01Z","level":"ERROR","logger_name":"thebot.lessons","message":"tcp-two","stack_trace":"Traceback ...\nKeyError: 'x'"}

                """;
            await stream.WriteAsync(Encoding.UTF8.GetBytes(lines.Replace("\r\n", "\n", StringComparison.Ordinal)));
        }

        Assert.Equal(2, await CountEventually("message:\"tcp-one\" OR message:\"tcp-two\"", 2));
        var one = await FirstHit("message:\"tcp-one\"");
        Assert.Equal("INFO", one.GetProperty("log_level").GetString());
        Assert.Equal("thebot.lessons", one.GetProperty("logger").GetString());
        Assert.Equal("tcp-req", one.GetProperty("request_id").GetString());
        Assert.Equal(1, await CountEventually("request_id:tcp-req AND user_id:7", 1));
        Assert.Equal(1, await CountEventually("message:\"tcp-two\" AND log_level:error", 1));
        // ERROR is also routed to the errors index (its own batch: it may become searchable a moment later).
        Assert.Equal(1, await Eventually.Get(
            async () => (await _client.GetFromJsonAsync<JsonElement>("/api/search?from=*&to=*&index=thebot-errors-*&q=tcp-two")).GetProperty("total").GetInt64(),
            total => total >= 1));

        var stats = await _client.GetFromJsonAsync<JsonElement>("/api/ingest/stats");
        var input = stats.GetProperty("inputs").GetProperty(JsonLinesReceiver.TcpInput);
        Assert.True(input.GetProperty("rejected").GetInt64() >= 1);
        Assert.Contains(input.GetProperty("recent_rejections").EnumerateArray(), r => r.GetProperty("reason").GetString()!.Contains("invalid JSON", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Udp_datagrams_are_indexed()
    {
        var (_, udp) = await Ports();
        using var client = new UdpClient();
        var datagram = Encoding.UTF8.GetBytes("""{"@timestamp":"2026-11-23T11:00:00Z","level":"WARNING","message":"udp-datagram","service":"celery-worker"}""");
        await client.SendAsync(datagram, "127.0.0.1", udp);

        Assert.Equal(1, await CountEventually("message:udp-datagram AND service:celery-worker AND log_level:warning", 1));
    }

    [Fact]
    public async Task Python_logging_with_the_django_config_ships_real_records()
    {
        const string python = "/usr/bin/python3";
        Assert.True(File.Exists(python), $"{python} is missing: install the Debian package 'python3' (./test.sh does)");
        var (tcp, _) = await Ports();
        var logPath = Path.Combine(Path.GetTempPath(), "thebot-logs-" + Guid.NewGuid().ToString("N"));
        var integration = Path.Combine(RepositoryRoot(), "integrations", "django");
        var script = """
            import logging, logging.config
            import python_logging_config as config
            logging.config.dictConfig(config.LOGGING)
            log = logging.getLogger("thebot.lessons")
            log.info("Lesson 12 fetched from db", extra={"request_id": "py-req-1", "user_id": 42, "duration_ms": 12.5})
            log.warning("Slow lesson query", extra={"request_id": "py-req-1"})
            try:
                1 / 0
            except ZeroDivisionError:
                logging.getLogger("django.request").exception("Internal Server Error: /api/boom/")
            logging.shutdown()
            """;
        var start = new ProcessStartInfo(python) { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = integration };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.Environment["PYTHONPATH"] = integration;
        start.Environment["LOGSTASH_PORT"] = tcp.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["LOG_PATH"] = logPath;
        start.Environment["ENVIRONMENT"] = "staging";
        try
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(30_000), "python3 did not finish in 30 s");
            Assert.True(process.ExitCode == 0, "python3 failed: " + await stderr);

            Assert.Equal(3, await CountEventually("request_id:py-req-1 OR logger:django.request", 3));
            var info = await FirstHit("request_id:py-req-1 AND log_level:info");
            Assert.Equal("thebot.lessons", info.GetProperty("logger").GetString());
            Assert.Equal("Lesson 12 fetched from db", info.GetProperty("message").GetString());
            Assert.Equal(42, info.GetProperty("user_id").GetInt32());
            Assert.Equal("staging", info.GetProperty("environment").GetString());
            Assert.Equal(1, await CountEventually("request_id:py-req-1 AND duration_ms:[10 TO 15]", 1));

            var error = await FirstHit("logger:django.request");
            Assert.Equal("ERROR", error.GetProperty("log_level").GetString());
            Assert.Contains("ZeroDivisionError", error.GetProperty("stack_trace").GetString(), StringComparison.Ordinal);
            Assert.Equal(1, await CountEventually("logger:django.request AND stack_trace:ZeroDivisionError", 1));

            // The rotating JSON file handlers wrote the same records for the file tailer.
            Assert.Contains("Lesson 12 fetched from db", await File.ReadAllTextAsync(Path.Combine(logPath, "django.log")), StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(logPath))
            {
                Directory.Delete(logPath, recursive: true);
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Console.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Console.sln not found above " + AppContext.BaseDirectory);
    }
}
