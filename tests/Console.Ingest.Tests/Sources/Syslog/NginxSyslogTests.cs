using System.Diagnostics;
using System.Globalization;
using System.Net;
using Console.Ingest.Parsing;
using Console.Ingest.Pipeline;
using Console.Ingest.Tests.Support;

namespace Console.Ingest.Tests.Sources.Syslog;

/// <summary>
/// A private nginx (Debian package nginx) logging with <c>access_log syslog:server=...</c> and <c>error_log syslog:...</c>,
/// which it sends over UDP as <c>&lt;190&gt;Nov 23 23:14:45 host nginx: ...</c>.
/// </summary>
public class NginxSyslogTests
{
    private static string? Text(IngestRecord record, string path) => EventField.Text(record.Fields, path);

    [Fact]
    public async Task Access_and_error_lines_arrive_over_udp()
    {
        // nginx tags both logs "nginx" unless told otherwise; this one tags its error log apart, so name its parser too.
        await using var r = await RunningSyslogReceiver.StartAsync(o => o.Programs["nginx_error"] = "nginx-error");
        using var nginx = PrivateNginx.Start(r.Udp.Port);
        using var http = new HttpClient(new HttpClientHandler { UseProxy = false }) { BaseAddress = nginx.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        await nginx.WaitUntilServingAsync(http);

        using var lessons = new HttpRequestMessage(HttpMethod.Get, "/api/lessons/?page=2");
        lessons.Headers.TryAddWithoutValidation("User-Agent", "THE_BOT-Mobile/2.4.1 (Android 14; Pixel 7)");
        lessons.Headers.Referrer = new Uri("http://thebot.local/dashboard");
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(lessons)).StatusCode);
        using var login = new StringContent("{\"username\":\"student003\"}");
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/api/login/", login)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/static/css/missing.css")).StatusCode);

        var records = await r.Pipeline.WaitForAsync(x =>
            x.Count(y => Text(y, "process.name") == "nginx" && !Text(y, "message")!.Contains("/ready", StringComparison.Ordinal)) >= 3 &&
            x.Any(y => Text(y, "process.name") == "nginx_error"));
        var access = records.Where(x => Text(x, "process.name") == "nginx" && !Text(x, "message")!.Contains("/ready", StringComparison.Ordinal)).ToList();
        var error = records.First(x => Text(x, "process.name") == "nginx_error");

        Assert.All(records, x =>
        {
            Assert.Null(x.Fields["tags"]);
            Assert.Equal("syslog-udp", x.Input);
            Assert.False(string.IsNullOrEmpty(Text(x, "host.name")));
            var time = DateTimeOffset.Parse(Text(x, "@timestamp")!, CultureInfo.InvariantCulture);
            Assert.InRange(time, DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow.AddMinutes(1));
        });
        Assert.All(access, x =>
        {
            Assert.Equal("nginx", Text(x, "service"));
            Assert.Equal("INFO", Text(x, "log_level"));
            Assert.Equal("local7", Text(x, "syslog.facility_name"));
            Assert.Equal("info", Text(x, "syslog.severity_name"));
            Assert.StartsWith("127.0.0.1 - - [", Text(x, "message"), StringComparison.Ordinal);
        });
        Assert.Contains(access, x => Text(x, "message")!.EndsWith(
            "\"GET /api/lessons/?page=2 HTTP/1.1\" 200 3 \"http://thebot.local/dashboard\" \"THE_BOT-Mobile/2.4.1 (Android 14; Pixel 7)\"",
            StringComparison.Ordinal));
        Assert.Contains(access, x => Text(x, "message")!.Contains("\"POST /api/login/ HTTP/1.1\" 200 3 \"-\"", StringComparison.Ordinal));
        Assert.Contains(access, x => Text(x, "message")!.Contains("\"GET /static/css/missing.css HTTP/1.1\" 404 ", StringComparison.Ordinal));
        Assert.Equal("ERROR", Text(error, "log_level"));
        Assert.Equal("err", Text(error, "syslog.severity_name"));
        Assert.Contains("[error]", Text(error, "message"), StringComparison.Ordinal);
        Assert.Contains("open() \"", Text(error, "message"), StringComparison.Ordinal);
        Assert.Contains("missing.css\" failed (2: No such file or directory)", Text(error, "message"), StringComparison.Ordinal);

        // The pipeline's parse stage runs each program's parser over what nginx really sent.
        Assert.All(access, x => Assert.Equal("nginx-access|nginx-error", x.Parser));
        Assert.Equal("nginx-error", error.Parser);
        foreach (var record in access.Append(error))
        {
            Assert.Equal(ParseOutcome.Parsed, TestParsers.Default.Get(record.Parser!).Parse(record.Fields));
        }

        Assert.Contains(access, x => Text(x, "http.status_code") == "200" && Text(x, "http.path") == "/api/lessons/" && Text(x, "log_level") == "INFO");
        Assert.Contains(access, x => Text(x, "http.status_code") == "200" && Text(x, "http.method") == "POST");
        Assert.Contains(access, x => Text(x, "http.status_code") == "404" && Text(x, "log_level") == "WARNING");
        Assert.Equal("nginx.error", Text(error, "event.dataset"));
        Assert.Equal("ERROR", Text(error, "log_level"));
    }

    /// <summary>nginx in the foreground with its own prefix, config, pid file and logs, on a free port of 127.0.0.1; killed on dispose.</summary>
    private sealed class PrivateNginx : IDisposable
    {
        private readonly TempDirectory _directory;
        private readonly ExternalProcess _process;

        private PrivateNginx(TempDirectory directory, ExternalProcess process, int port)
        {
            _directory = directory;
            _process = process;
            BaseAddress = new Uri($"http://127.0.0.1:{port}");
        }

        public Uri BaseAddress { get; }

        public static PrivateNginx Start(int syslogPort)
        {
            var nginx = DebianProgram.Nginx;
            var directory = new TempDirectory();
            var dir = directory.Path;
            var port = FreePort.Tcp();
            Directory.CreateDirectory(Path.Combine(dir, "www"));
            var config = Path.Combine(dir, "nginx.conf");
            File.WriteAllText(config, $$"""
                pid {{dir}}/nginx.pid;
                error_log {{dir}}/error.log warn;
                worker_processes 1;
                events { worker_connections 64; }
                http {
                    access_log syslog:server=127.0.0.1:{{syslogPort}},tag=nginx,severity=info combined;
                    error_log syslog:server=127.0.0.1:{{syslogPort}},tag=nginx_error warn;
                    client_body_temp_path {{dir}}/client_body;
                    proxy_temp_path {{dir}}/proxy;
                    fastcgi_temp_path {{dir}}/fastcgi;
                    uwsgi_temp_path {{dir}}/uwsgi;
                    scgi_temp_path {{dir}}/scgi;
                    server {
                        listen 127.0.0.1:{{port}};
                        server_name thebot.local;
                        location / { return 200 "ok\n"; }
                        location /static/ { root {{dir}}/www; }
                    }
                }

                """);
            // -e: the error log nginx opens before it reads the config (the default /var/log/nginx needs root).
            var process = ExternalProcess.Start(nginx, "-p", dir + "/", "-c", config, "-e", Path.Combine(dir, "error.log"), "-g", "daemon off;");
            return new PrivateNginx(directory, process, port);
        }

        public async Task WaitUntilServingAsync(HttpClient http)
        {
            var watch = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    using var response = await http.GetAsync("/ready");
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                if (_process.HasExited || watch.Elapsed > TimeSpan.FromSeconds(15))
                {
                    var log = Path.Combine(_directory.Path, "error.log");
                    Assert.Fail($"nginx did not answer within {watch.Elapsed.TotalSeconds:F0} s (exited: {_process.HasExited}). " +
                                $"{_process.CommandLine}\n{_process.Output}\n{(File.Exists(log) ? File.ReadAllText(log) : "")}");
                }

                await Task.Delay(100);
            }
        }

        public void Dispose()
        {
            _process.Dispose();
            _directory.Dispose();
        }
    }
}
