using System.Net;
using Console.Ingest.Pipeline;
using Console.Ingest.Sources.Connections;
using Console.Ingest.Sources.Datagrams;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Sources.Gelf;

/// <summary>
/// Listens for GELF over UDP (plain, gzip, zlib, chunked) and TCP (NUL-delimited) on one address, port 12201 by default,
/// and submits the messages to the ingest pipeline as <c>gelf-udp</c> and <c>gelf-tcp</c>. On shutdown it stops reading
/// first, then lets submissions already made finish (until the host's shutdown timeout).
/// </summary>
public sealed class GelfReceiver(
    IOptions<GelfReceiverOptions> options,
    IIngestPipeline pipeline,
    IngestStats stats,
    TimeProvider clock,
    ILogger<GelfReceiver> logger) : BackgroundService
{
    public const string TcpInput = "gelf-tcp";
    public const string UdpInput = "gelf-udp";

    private readonly CancellationTokenSource _abort = new();
    private FramedTcpListener? _tcp;
    private DatagramListener? _udp;
    private GelfDatagramReader? _udpReader;

    /// <summary>Where TCP is listening once started (the real port when the setting is 0), or null.</summary>
    public IPEndPoint? TcpEndpoint => _tcp?.Endpoint;

    /// <summary>Where UDP is listening once started, or null.</summary>
    public IPEndPoint? UdpEndpoint => _udp?.Endpoint;

    /// <summary>Chunked UDP messages still waiting for chunks.</summary>
    public int PendingChunkedMessages => _udpReader?.PendingChunkedMessages ?? 0;

    /// <summary>Binds the sockets before the host finishes starting, so a taken port stops the process at start.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            logger.LogInformation("GELF receiver is off ({Section}:Enabled is false)", GelfReceiverOptions.Section);
            return;
        }

        var address = IPAddress.Parse(settings.BindAddress);
        try
        {
            if (settings.TcpEnabled)
            {
                var intake = Intake(TcpInput, settings);
                _tcp = new FramedTcpListener("GELF", address,
                    new TcpListenerSettings(settings.Port, settings.MaxConnections, settings.MaxConnectionsPerClient, settings.IdleTimeout, settings.BatchSize),
                    intake.Counters, remote => new GelfConnectionReader(intake, settings.MaxMessageBytes, remote), intake.SubmitAsync, clock, logger);
            }

            if (settings.UdpEnabled)
            {
                var intake = Intake(UdpInput, settings);
                _udpReader = new GelfDatagramReader(intake, settings, clock);
                _udp = new DatagramListener("GELF", address, settings.Port, settings.UdpQueueCapacity, settings.BatchSize, intake, _udpReader, logger);
            }
        }
        catch
        {
            _tcp?.Dispose();
            _udp?.Dispose();
            _tcp = null;
            _udp = null;
            throw;
        }

        logger.LogInformation("GELF receiver listening on tcp {TcpEndpoint} and udp {UdpEndpoint}, events to {IndexBase}",
            (object?)TcpEndpoint ?? "(off)", (object?)UdpEndpoint ?? "(off)", settings.IndexBase);
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await using var giveUp = cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), _abort);
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        base.Dispose();
        _tcp?.Dispose();
        _udp?.Dispose();
        _abort.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.WhenAll(
            _tcp?.RunAsync(stoppingToken) ?? Task.CompletedTask,
            _udp?.RunAsync(stoppingToken) ?? Task.CompletedTask,
            _udpReader?.ExpireChunksAsync(stoppingToken) ?? Task.CompletedTask);
        logger.LogInformation("GELF receiver stopped");
    }

    private GelfIntake Intake(string input, GelfReceiverOptions settings) =>
        new(input, settings, pipeline, stats.Input(input), clock, logger, _abort.Token);
}
