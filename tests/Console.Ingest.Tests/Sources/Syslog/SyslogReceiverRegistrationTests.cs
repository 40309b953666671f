using System.Net.Sockets;
using System.Text;
using Console.Ingest.Pipeline;
using Console.Ingest.Sources.Syslog;
using Console.Ingest.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Tests.Sources.Syslog;

public class SyslogReceiverRegistrationTests
{
    private static IHost Build(Dictionary<string, string?> settings, CollectingPipeline pipeline) =>
        SourceHost.Build(settings, pipeline, (services, configuration) => services.AddSyslogReceiver(configuration));

    [Fact]
    public async Task The_host_starts_the_receiver_from_its_settings_section()
    {
        var pipeline = new CollectingPipeline();
        using var host = Build(new() { ["Ingest:Syslog:Port"] = "0", ["Ingest:Syslog:IndexBase"] = "syslog-x" }, pipeline);

        await host.StartAsync();
        var receiver = host.Services.GetRequiredService<SyslogReceiver>();
        using (var udp = new UdpClient(AddressFamily.InterNetwork))
        {
            await udp.SendAsync(Encoding.UTF8.GetBytes("<14>1 - vm app - - - via the host"), receiver.UdpEndpoint!);
        }

        var records = await pipeline.WaitForCountAsync(1);
        await host.StopAsync();

        Assert.Equal("via the host", (string?)records[0].Fields["message"]);
        Assert.Equal("syslog-x", records[0].IndexBase);
        Assert.Equal(1, host.Services.GetRequiredService<IngestStats>().Input("syslog-udp").Received);
        Assert.Equal("127.0.0.1", receiver.TcpEndpoint!.Address.ToString());
    }

    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var options = new SyslogReceiverOptions();

        Assert.True(options.Enabled);
        Assert.Equal("127.0.0.1", options.BindAddress);
        Assert.Equal(5514, options.Port);
        Assert.True(options.TcpEnabled);
        Assert.True(options.UdpEnabled);
        Assert.Equal(64 * 1024, options.MaxMessageBytes);
        Assert.Equal(256, options.MaxConnections);
        Assert.Equal(TimeSpan.FromMinutes(5), options.IdleTimeout);
        Assert.Equal("thebot-logs", options.IndexBase);
        Assert.True(options.PostgresqlMultiline.Enabled);
        Assert.Equal(TimeSpan.FromSeconds(1), options.PostgresqlMultiline.Timeout);
        Assert.Equal((5000, 1024 * 1024, 4096, 1024),
            (options.PostgresqlMultiline.MaxLines, options.PostgresqlMultiline.MaxBytes, options.PostgresqlMultiline.MaxPending, options.PostgresqlMultiline.MaxPendingPerSender));
    }

    [Fact]
    public async Task With_PostgresqlMultiline_off_each_postgresql_line_is_its_own_event_at_once()
    {
        var pipeline = new CollectingPipeline();
        using var host = Build(new() { ["Ingest:Syslog:Port"] = "0", ["Ingest:Syslog:PostgresqlMultiline:Enabled"] = "false" }, pipeline);
        await host.StartAsync();
        var receiver = host.Services.GetRequiredService<SyslogReceiver>();
        using (var udp = new UdpClient(AddressFamily.InterNetwork))
        {
            foreach (var line in PostgresqlSyslogWriter.Lines(3, "ERROR:  division by zero\nSTATEMENT:  SELECT 1/0"))
            {
                await udp.SendAsync(Encoding.UTF8.GetBytes(PostgresqlSyslogWriter.Rfc3164(line, 42)), receiver.UdpEndpoint!);
            }
        }

        var records = await pipeline.WaitForCountAsync(2);
        await host.StopAsync();

        Assert.Equal(["[3-1] ERROR:  division by zero", "[3-2] STATEMENT:  SELECT 1/0"], records.Select(r => (string?)r.Fields["message"]));
    }

    [Theory]
    [InlineData("Port", "70000", "Port")]
    [InlineData("BindAddress", "localhost", "'localhost' is not an IP address")]
    [InlineData("MaxMessageBytes", "10", "MaxMessageBytes")]
    [InlineData("MaxConnections", "0", "MaxConnections")]
    [InlineData("IdleTimeout", "00:00:00", "IdleTimeout")]
    [InlineData("IndexBase", "Bad Name", "index name 'Bad Name'")]
    [InlineData("TcpEnabled", "false", "both TcpEnabled and UdpEnabled are false")]
    [InlineData("PostgresqlMultiline:Timeout", "00:00:00", "PostgresqlMultiline: The field Timeout must be between")]
    [InlineData("PostgresqlMultiline:MaxPendingPerSender", "0", "PostgresqlMultiline: The field MaxPendingPerSender must be between")]
    public async Task A_bad_setting_stops_the_host_at_start_with_its_name(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { ["Ingest:Syslog:Port"] = "0", [$"Ingest:Syslog:{key}"] = value };
        if (key == "TcpEnabled")
        {
            settings["Ingest:Syslog:UdpEnabled"] = "false";
        }

        using var host = Build(settings, new CollectingPipeline());

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_stops_the_host_at_start_naming_the_receiver_the_port_and_the_setting()
    {
        using var taken = new TcpListenerHolder();
        using var host = Build(new() { ["Ingest:Syslog:Port"] = taken.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) }, new CollectingPipeline());

        var error = await Assert.ThrowsAsync<IOException>(() => host.StartAsync());
        Assert.Contains($"Syslog receiver cannot listen on tcp 127.0.0.1:{taken.Port} (Ingest:Syslog:BindAddress, Ingest:Syslog:Port)", error.Message, StringComparison.Ordinal);
        Assert.IsType<SocketException>(error.InnerException);
    }

    private sealed class TcpListenerHolder : IDisposable
    {
        private readonly System.Net.Sockets.TcpListener _listener = new(System.Net.IPAddress.Loopback, 0);

        public TcpListenerHolder() => _listener.Start();

        public int Port => ((System.Net.IPEndPoint)_listener.LocalEndpoint).Port;

        public void Dispose() => _listener.Stop();
    }
}
