using System.Text;
using Console.Shared.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Console.Web.Tests.Support;

/// <summary>The whole console in memory, on a temp data folder, with a clock the test controls.</summary>
public class ConsoleFactory : WebApplicationFactory<Program>
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "console-web-tests-" + Guid.NewGuid().ToString("N"));

    public FixedClock Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero));

    /// <summary>Settings a test class adds or overrides; applied after the defaults above.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>
    /// Ingests <paramref name="ndjson"/> into <c>thebot-logs</c>, searchable at once, unless the store has indices already
    /// (a class fixture is shared by its class's tests, which all read the same events); then refreshes the store.
    /// </summary>
    public async Task IngestOnceAsync(HttpClient client, string ndjson)
    {
        var store = Services.GetRequiredService<ILogStore>();
        if ((await store.ListIndicesAsync()).Count == 0)
        {
            var response = await client.PostAsync("/api/ingest?index=thebot-logs&refresh=wait_for", new StringContent(ndjson, Encoding.UTF8, "application/x-ndjson"));
            response.EnsureSuccessStatusCode();
        }

        await store.RefreshAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataPath", _dataPath);
        builder.UseSetting("Storage:RefreshInterval", "00:00:00.100");
        builder.UseSetting("Ingest:Ndjson:MaxEventBytes", "4096");
        // Listen on free ports so test hosts never collide with each other or a running console.
        builder.UseSetting("Ingest:JsonLines:Port", "0");
        builder.UseSetting("Ingest:Syslog:Port", "0");
        builder.UseSetting("Ingest:Gelf:Port", "0");
        builder.UseSetting("Ingest:Files:Enabled", "false");
        // This machine's metrics would add a metrics-* index and events the tests did not send.
        builder.UseSetting("Ingest:HostMetrics:Enabled", "false");
        // Sign-in off (allowed: the in-memory server has no address); the auth tests set Auth:Mode=Required.
        builder.UseSetting("Auth:Mode", "None");

        // The lifecycle job would age the fixed-date events of the tests as the real days pass; tests run it with POST /api/lifecycle/run.
        builder.UseSetting("Lifecycle:Enabled", "false");
        // The tests' webhook receivers listen on 127.0.0.1, which webhooks may only reach when an administrator allows it.
        builder.UseSetting("Alerts:Webhooks:AllowedHosts:0", "127.0.0.1");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }
    }
}
