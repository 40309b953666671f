using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Console.Web.Tests.Support;

/// <summary>
/// The whole console on real sockets for the structured-log receivers: Kestrel on a free port (the OTLP exporter and the
/// Seq sink post over real HTTP), GELF on free ports, small limits so oversize input is cheap to send, a short GELF
/// chunk timeout, a CLEF API key, and the system clock (clients stamp their records with real times).
/// </summary>
public sealed class ReceiverConsole : WebApplicationFactory<Program>
{
    public const string ClefApiKey = "clef-test-key";
    public const int OtlpMaxEventBytes = 4096;
    public const int ClefMaxEventBytes = 4096;
    public const int GelfMaxMessageBytes = 32 * 1024;

    /// <summary>A syslog program (APP-NAME) whose messages are JSON objects, read by the json parser.</summary>
    public const string JsonSyslogProgram = "jsonapp";

    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "console-receiver-tests-" + Guid.NewGuid().ToString("N"));

    public ReceiverConsole()
    {
        UseKestrel(0);
        StartServer();
        Http = new HttpClient { BaseAddress = Url };
    }

    /// <summary>Where Kestrel listens, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri Url => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");

    public HttpClient Http { get; }

    /// <summary>Hits of <paramref name="query"/> over all time in <paramref name="index"/>, once there are at least <paramref name="expected"/>.</summary>
    public async Task<JsonElement> SearchAsync(string query, int expected, string index = "thebot-logs-*")
    {
        var result = await Eventually.Get(
            () => Http.GetFromJsonAsync<JsonElement>($"api/search?from=*&to=*&size=50&index={index}&q={Uri.EscapeDataString(query)}"),
            r => r.GetProperty("total").GetInt64() >= expected);
        return result;
    }

    public async Task<JsonElement> InputStatsAsync(string input) =>
        (await Http.GetFromJsonAsync<JsonElement>("api/ingest/stats")).GetProperty("inputs").GetProperty(input);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataPath", _dataPath);
        builder.UseSetting("Storage:RefreshInterval", "00:00:00.100");
        builder.UseSetting("Ingest:JsonLines:Port", "0");
        builder.UseSetting("Ingest:Syslog:Port", "0");
        builder.UseSetting("Ingest:Gelf:Port", "0");
        builder.UseSetting("Ingest:Files:Enabled", "false");
        builder.UseSetting("Ingest:HostMetrics:Enabled", "false");
        builder.UseSetting("Lifecycle:Enabled", "false");
        // Sign-in off (a loopback test host): the receivers' own Seq key check (Ingest:Clef:ApiKeys) is what is tested here.
        builder.UseSetting("Auth:Mode", "None");
        builder.UseSetting("Ingest:Otlp:MaxEventBytes", OtlpMaxEventBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Ingest:Clef:MaxEventBytes", ClefMaxEventBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Ingest:Clef:ApiKeys:0", ClefApiKey);
        builder.UseSetting("Ingest:Gelf:MaxMessageBytes", GelfMaxMessageBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Ingest:Gelf:ChunkTimeout", "00:00:00.500");
        builder.UseSetting($"Ingest:Syslog:Programs:{JsonSyslogProgram}", "json");
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Http.Dispose();
        }

        base.Dispose(disposing);
        if (disposing && Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }
    }
}
