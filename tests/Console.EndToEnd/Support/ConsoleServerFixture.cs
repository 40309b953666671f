using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Console.Shared.Storage;
using Console.Web.Apis;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Console.EndToEnd.Support;

/// <summary>
/// The console on a real Kestrel port (a browser cannot reach the in-memory TestServer), storing its indices in a
/// fresh temporary folder that is deleted on dispose.
/// </summary>
public sealed class ConsoleServerFixture : WebApplicationFactory<Program>
{
    /// <summary>The API's JSON shape (snake_case), for reading its answers.</summary>
    public static readonly JsonSerializerOptions ApiJson = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly string _dataPath = Directory.CreateTempSubdirectory("console-e2e-").FullName;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private bool _disposed;

    /// <summary>The console with sign-in off (<c>Auth:Mode=None</c> on this loopback port), for the feature tests.</summary>
    public ConsoleServerFixture()
        : this(new Dictionary<string, string> { ["Auth:Mode"] = "None" })
    {
    }

    /// <summary>The console with these settings on top of the test defaults (the sign-in tests turn sign-in on here).</summary>
    internal ConsoleServerFixture(IReadOnlyDictionary<string, string> settings)
    {
        _settings = settings;
        UseKestrel(0);
        StartServer();

        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        BaseAddress = new Uri(addresses.First());
        Client = new HttpClient(new RetryWhenBusyHandler()) { BaseAddress = BaseAddress };
    }

    /// <summary>Where the browser and <see cref="Client"/> reach the console, such as <c>http://127.0.0.1:40123</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client that talks to the console over the real socket.</summary>
    public HttpClient Client { get; }

    public ILogStore Store => Services.GetRequiredService<ILogStore>();

    /// <summary>Sends one event per timestamp to <c>POST /api/ingest</c> as NDJSON and returns the console's answer.</summary>
    public async Task<IngestResponse> IngestAsync(string indexBase, params DateTimeOffset[] timestamps)
    {
        var ndjson = new StringBuilder();
        for (var i = 0; i < timestamps.Length; i++)
        {
            ndjson.AppendLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["@timestamp"] = timestamps[i],
                ["level"] = "info",
                ["message"] = $"end-to-end event {i + 1} of {timestamps.Length}",
            }));
        }

        using var content = new StringContent(ndjson.ToString(), Encoding.UTF8, "application/x-ndjson");
        using var response = await Client.PostAsync(new Uri($"/api/ingest?index={Uri.EscapeDataString(indexBase)}&refresh=wait_for", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<IngestResponse>(ApiJson)
            ?? throw new InvalidOperationException("POST /api/ingest answered with an empty body");
    }

    /// <summary>Sends NDJSON as it is to <c>POST /api/ingest</c>, waiting until it is searchable, and returns the console's answer.</summary>
    public async Task<IngestResponse> IngestNdjsonAsync(string indexBase, string ndjson)
    {
        using var content = new StringContent(ndjson, Encoding.UTF8, "application/x-ndjson");
        using var response = await Client.PostAsync(new Uri($"/api/ingest?index={Uri.EscapeDataString(indexBase)}&refresh=wait_for", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<IngestResponse>(ApiJson)
            ?? throw new InvalidOperationException("POST /api/ingest answered with an empty body");
    }

    /// <summary>The index names that <c>GET /api/indices</c> lists.</summary>
    public async Task<IReadOnlyList<string>> ListIndexNamesAsync()
    {
        var indices = await Client.GetFromJsonAsync<List<IndexResponse>>(new Uri("/api/indices", UriKind.Relative), ApiJson)
            ?? throw new InvalidOperationException("GET /api/indices answered with an empty body");
        return indices.Select(i => i.Name).ToList();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataPath", _dataPath);
        // Free ports for the receivers, so this host never collides with another test host or a running console.
        builder.UseSetting("Ingest:JsonLines:Port", "0");
        builder.UseSetting("Ingest:Syslog:Port", "0");
        builder.UseSetting("Ingest:Gelf:Port", "0");
        builder.UseSetting("Ingest:Files:Enabled", "false");
        // This machine's metrics would add a metrics-* index and events the tests did not send.
        builder.UseSetting("Ingest:HostMetrics:Enabled", "false");
        // The lifecycle job would age the fixed-date events of the tests as the real days pass; tests run it with POST /api/lifecycle/run.
        builder.UseSetting("Lifecycle:Enabled", "false");

        // Rules are due every 10 s at the soonest; a one-second tick runs them close to that.
        builder.UseSetting("Alerting:Tick", "00:00:01");
        // The webhook listener of the alert tests is on 127.0.0.1, which webhooks may only reach when an administrator allows it.
        builder.UseSetting("Alerts:Webhooks:AllowedHosts:0", "127.0.0.1");

        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        // The host stops (and the store closes its indices) in base.Dispose, before the folder goes.
        base.Dispose(disposing);
        if (disposing && !_disposed)
        {
            _disposed = true;
            Client.Dispose();
            Directory.Delete(_dataPath, recursive: true);
        }
    }
}
