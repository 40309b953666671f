using System.Net;
using System.Net.Sockets;
using System.Text;
using Console.Ingest.Sources.JsonLines;
using Console.Ingest.Sources.Syslog;
using Microsoft.Extensions.Options;

namespace Console.Web.Demo;

/// <summary>
/// With <c>Demo:Enabled</c> (or <c>--demo</c>), sends synthetic THE_BOT records to the console's own receivers over
/// loopback, JSON lines over TCP and syslog over UDP, so a newcomer sees live data in Discover and the live tail at once.
/// The records take the same path as real ones: receive, parse, filter, enrich, queue, index.
/// </summary>
public sealed class DemoTrafficGenerator(
    IOptions<DemoTrafficOptions> options,
    IServiceProvider services,
    TimeProvider clock,
    ILogger<DemoTrafficGenerator> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    /// <summary>Records sent so far.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    private long _sent;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var jsonPort = services.GetService<JsonLinesReceiver>() is { } jsonLines ? (await jsonLines.BoundPorts.WaitAsync(stoppingToken)).Tcp : 0;
        var syslog = services.GetService<SyslogReceiver>()?.UdpEndpoint;
        logger.LogWarning(
            "Demo traffic is on: {Rate} synthetic THE_BOT records a second to JSON lines TCP {JsonPort} and syslog UDP {SyslogEndpoint} (turn off: drop --demo / Demo:Enabled=false)",
            options.Value.EventsPerSecond, jsonPort == 0 ? "(off)" : jsonPort, syslog?.ToString() ?? "(off)");

        var factory = new DemoLogFactory(Environment.TickCount);
        using var udp = new UdpClient(AddressFamily.InterNetwork);
        TcpClient? tcp = null;
        var owed = 0.0;
        using var timer = new PeriodicTimer(Tick, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                owed += options.Value.EventsPerSecond * Tick.TotalSeconds;
                for (; owed >= 1; owed--)
                {
                    var message = factory.Next(clock.GetUtcNow());
                    try
                    {
                        if (message.Transport == DemoTransport.JsonLinesTcp && jsonPort != 0)
                        {
                            tcp ??= await ConnectAsync(jsonPort, stoppingToken);
                            await tcp.GetStream().WriteAsync(Encoding.UTF8.GetBytes(message.Text + "\n"), stoppingToken);
                        }
                        else if (message.Transport == DemoTransport.SyslogUdp && syslog is not null)
                        {
                            await udp.SendAsync(Encoding.UTF8.GetBytes(message.Text), new IPEndPoint(IPAddress.Loopback, syslog.Port), stoppingToken);
                        }
                        else
                        {
                            continue;
                        }

                        Interlocked.Increment(ref _sent);
                    }
                    catch (Exception ex) when (ex is IOException or SocketException)
                    {
                        // The receiver closed the connection (a restart, backpressure): reconnect on the next record.
                        logger.LogDebug(ex, "Demo traffic: send failed; reconnecting");
                        tcp?.Dispose();
                        tcp = null;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            tcp?.Dispose();
        }
    }

    private static async Task<TcpClient> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient(AddressFamily.InterNetwork) { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return tcp;
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }
}
