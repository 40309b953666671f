using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Console.EndToEnd.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Console.EndToEnd.Dashboards;

/// <summary>
/// A console of its own on a real port whose shipped pipeline.json reads corpus files (moved into a temp folder) with
/// their parsers, as in production: Django's request and audit logs and PostgreSQL's log, into <c>thebot-logs-*</c>,
/// which the built-in dashboards read. Host metrics are a few known documents in <c>metrics-*</c>. A server apart from
/// <see cref="ConsoleServerFixture"/>, because other tests count what is in <c>thebot-logs-2026.11.23</c>.
/// </summary>
public sealed class CorpusServerFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string From = "2026-11-23T23:00:00Z";
    public const string To = "2026-11-24T00:00:00Z";

    private static readonly (string Corpus, string Deployed)[] Layout =
    [
        ("django/requests.log", "backend/logs/requests.log"),
        ("django/audit.log", "backend/logs/audit.log"),
        ("postgresql/postgresql-15-main.log", "var/log/postgresql/postgresql-15-main.log"),
    ];

    private readonly string _root = Directory.CreateTempSubdirectory("console-e2e-dashboards-").FullName;

    public CorpusServerFixture()
    {
        foreach (var (corpus, deployed) in Layout)
        {
            var target = Path.Combine(_root, "files", deployed);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(CorpusFiles.PathOf(corpus), target);
        }

        var shipped = File.ReadAllText(Path.Combine(CorpusFiles.RepositoryRoot, "src", "Console.Web", "pipeline.json"));
        File.WriteAllText(Path.Combine(_root, "pipeline.json"), shipped
            .Replace("\"/backend/logs/", $"\"{_root}/files/backend/logs/", StringComparison.Ordinal)
            .Replace("\"/var/log/", $"\"{_root}/files/var/log/", StringComparison.Ordinal));

        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        BaseAddress = new Uri(addresses.First());
        Client = new HttpClient(new RetryWhenBusyHandler()) { BaseAddress = BaseAddress };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    /// <summary>Waits (at most two minutes) until the tailer has indexed every line the manifest counts, then sends the metrics.</summary>
    public async Task InitializeAsync()
    {
        await WaitForCountAsync("event.dataset:django.requests", CorpusFiles.Truth("django/requests.log").GetProperty("requests").GetInt64());
        await WaitForCountAsync("event.dataset:django.audit", CorpusFiles.Truth("django/audit.log").GetProperty("lines").GetInt64());
        await WaitForCountAsync("service:postgresql", CorpusFiles.Truth("postgresql/postgresql-15-main.log").GetProperty("entries").GetInt64());

        var metrics = new StringBuilder();
        foreach (var (minute, cpu, memory) in new[] { (10, 0.2, 0.5), (11, 0.4, 0.55), (12, 0.6, 0.6) })
        {
            var at = $"2026-11-23T23:{minute}:00Z";
            metrics.AppendLine(Metric(at, "cpu", new { cpu = new { total = new { pct = cpu } } }));
            metrics.AppendLine(Metric(at, "memory", new { memory = new { actual = new { used = new { pct = memory } } } }));
            metrics.AppendLine(Metric(at, "load", new { load = new { norm = new Dictionary<string, double> { ["1"] = cpu * 2 } } }));
            metrics.AppendLine(Metric(at, "filesystem", new { filesystem = new { mount_point = "/", used = new { pct = 0.71 } } }));
            metrics.AppendLine(Metric(at, "filesystem", new { filesystem = new { mount_point = "/var/lib/postgresql", used = new { pct = 0.34 } } }));
            metrics.AppendLine(Metric(at, "diskio", new { diskio = new { name = "sda", io = new { busy_pct = cpu / 2 } } }));
            metrics.AppendLine(Metric(at, "network", new { network = new { name = "eth0", @in = new { bytes_per_sec = minute * 1000 } } }));
        }

        using var content = new StringContent(metrics.ToString(), Encoding.UTF8, "application/x-ndjson");
        using var response = await Client.PostAsync(new Uri("/api/ingest?index=metrics&refresh=wait_for", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
    }

    private static string Metric(string at, string metricset, object system) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["@timestamp"] = at, ["service"] = "host-metrics", ["host"] = new { name = "e2e-host" }, ["metricset"] = new { name = metricset }, ["system"] = system,
    });

    /// <summary>The id of the built-in dashboard titled <paramref name="title"/>.</summary>
    public async Task<long> DashboardIdAsync(string title)
    {
        var list = await Client.GetFromJsonAsync<JsonElement>(new Uri("/api/dashboards", UriKind.Relative));
        return list.EnumerateArray().First(d => d.GetProperty("title").GetString() == title && d.GetProperty("built_in").GetBoolean()).GetProperty("id").GetInt64();
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataPath", Path.Combine(_root, "data"));
        builder.UseSetting("Ingest:JsonLines:Port", "0");
        builder.UseSetting("Ingest:Syslog:Port", "0");
        builder.UseSetting("Ingest:HostMetrics:Enabled", "false");
        builder.UseSetting("Ingest:Gelf:Port", "0");
        builder.UseSetting("Lifecycle:Enabled", "false");
        // Sign-in off, as in the other browser tests (a loopback server); the auth tests sign in.
        builder.UseSetting("Auth:Mode", "None");
        builder.UseSetting("Ingest:PipelineFile", Path.Combine(_root, "pipeline.json"));
        builder.UseSetting("Ingest:Files:Enabled", "true");
        builder.UseSetting("Ingest:Files:ScanInterval", "00:00:00.200");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(_root))
        {
            Client.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_root, recursive: true);
        }
    }

    private async Task WaitForCountAsync(string query, long expected)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        long total = 0;
        while (DateTime.UtcNow < deadline)
        {
            var answer = await Client.GetFromJsonAsync<JsonElement>(new Uri(
                $"/api/search?index=thebot-logs-*&from=*&to=*&size=0&q={Uri.EscapeDataString(query)}", UriKind.Relative));
            total = answer.GetProperty("total").GetInt64();
            if (total >= expected)
            {
                return;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"{query}: {total} of {expected} events indexed within two minutes");
    }
}
