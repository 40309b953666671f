using System.Globalization;
using Console.Ingest.Sources.Gelf;
using Console.Ingest.Sources.JsonLines;
using Console.Ingest.Sources.Syslog;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Console.Web.Tests.Verify;

/// <summary>
/// The whole console on real sockets: Kestrel on a free port, the receivers on free ports, a temp data folder and the
/// system clock (the probes carry real times and are searched for in the last hour).
/// </summary>
public sealed class RunningConsole : WebApplicationFactory<Program>
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "console-verify-tests-" + Guid.NewGuid().ToString("N"));

    public RunningConsole()
    {
        UseKestrel(0);
        StartServer();
    }

    /// <summary>Where Kestrel listens, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public Uri Url => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>The arguments that point <c>verify</c> at this console: each receiver's TCP and UDP port differ when bound to port 0.</summary>
    public async Task<List<string>> VerifyArgumentsAsync()
    {
        var (jsonTcp, jsonUdp) = await Services.GetRequiredService<JsonLinesReceiver>().BoundPorts;
        var syslog = Services.GetRequiredService<SyslogReceiver>();
        var gelf = Services.GetRequiredService<GelfReceiver>();
        return
        [
            "--url", Url.ToString(),
            "--host", "127.0.0.1",
            "--json-tcp-port", jsonTcp.ToString(CultureInfo.InvariantCulture),
            "--json-udp-port", jsonUdp.ToString(CultureInfo.InvariantCulture),
            "--syslog-tcp-port", syslog.TcpEndpoint!.Port.ToString(CultureInfo.InvariantCulture),
            "--syslog-udp-port", syslog.UdpEndpoint!.Port.ToString(CultureInfo.InvariantCulture),
            "--gelf-tcp-port", gelf.TcpEndpoint!.Port.ToString(CultureInfo.InvariantCulture),
            "--gelf-udp-port", gelf.UdpEndpoint!.Port.ToString(CultureInfo.InvariantCulture),
        ];
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataPath", _dataPath);
        builder.UseSetting("Storage:RefreshInterval", "00:00:00.100");
        builder.UseSetting("Ingest:JsonLines:Port", "0");
        builder.UseSetting("Ingest:Syslog:Port", "0");
        builder.UseSetting("Ingest:Gelf:Port", "0");
        builder.UseSetting("Auth:Mode", "None");
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
