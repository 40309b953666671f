using System.Net;
using Console.Ingest.Pipeline;
using Console.Ingest.Sources.Connections;
using Console.Ingest.Sources.Datagrams;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Sources.Syslog;

/// <summary>
/// Listens for syslog over TCP (octet-counted and LF-framed, detected per message) and UDP on one address, parses each
/// message with <see cref="SyslogMessageParser"/> and submits the events to the ingest pipeline as <c>syslog-tcp</c> and
/// <c>syslog-udp</c>. On shutdown it stops accepting and reading first, then lets submissions already made finish
/// (until the host's shutdown timeout).
/// </summary>
public sealed class SyslogReceiver(
    IOptions<SyslogReceiverOptions> options,
    IIngestPipeline pipeline,
    IngestStats stats,
    SyslogMessageParser parser,
    TimeProvider clock,
    ILogger<SyslogReceiver> logger) : BackgroundService
{
    public const string TcpInput = "syslog-tcp";
    public const string UdpInput = "syslog-udp";

    private readonly CancellationTokenSource _abort = new();
    private FramedTcpListener? _tcp;
    private DatagramListener? _udp;
    private SyslogIntake? _tcpIntake;
    private SyslogIntake? _udpIntake;

    /// <summary>Where TCP is listening once started (the real port when <see cref="SyslogReceiverOptions.Port"/> is 0), or null.</summary>
    public IPEndPoint? TcpEndpoint => _tcp?.Endpoint;

    /// <summary>Where UDP is listening once started, or null.</summary>
    public IPEndPoint? UdpEndpoint => _udp?.Endpoint;

    /// <summary>Open TCP connections.</summary>
    public int OpenConnections => _tcp?.OpenConnections ?? 0;

    /// <summary>Binds the sockets before the host finishes starting, so a taken port stops the process at start.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            logger.LogInformation("Syslog receiver is off ({Section}:Enabled is false)", SyslogReceiverOptions.Section);
            return;
        }

        var address = IPAddress.Parse(settings.BindAddress);
        try
        {
            if (settings.TcpEnabled)
            {
                var intake = _tcpIntake = Intake(TcpInput, settings);
                _tcp = new FramedTcpListener("syslog", address,
                    new TcpListenerSettings(settings.Port, settings.MaxConnections, settings.MaxConnectionsPerClient, settings.IdleTimeout, settings.BatchSize),
                    intake.Counters, remote => new SyslogConnectionReader(intake, settings.MaxMessageBytes, remote), intake.SubmitAsync, clock, logger);
            }

            if (settings.UdpEnabled)
            {
                _udpIntake = Intake(UdpInput, settings);
                _udp = new DatagramListener("syslog", address, settings.Port, settings.UdpQueueCapacity, settings.BatchSize, _udpIntake,
                    new SyslogDatagramReader(_udpIntake, settings.MaxMessageBytes), logger);
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

        logger.LogInformation("Syslog receiver listening on tcp {TcpEndpoint} and udp {UdpEndpoint}, events to {IndexBase}",
            (object?)TcpEndpoint ?? "(off)", (object?)UdpEndpoint ?? "(off)", settings.IndexBase);
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // The stop signal ends reading and accepting; only when the host stops waiting do in-flight submissions give up.
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
        var expiring = Task.WhenAll(
            _tcpIntake?.SubmitExpiredAsync(stoppingToken) ?? Task.CompletedTask,
            _udpIntake?.SubmitExpiredAsync(stoppingToken) ?? Task.CompletedTask);
        await Task.WhenAll(
            _tcp?.RunAsync(stoppingToken) ?? Task.CompletedTask,
            _udp?.RunAsync(stoppingToken) ?? Task.CompletedTask);
        await expiring;

        // Nothing more can arrive: PostgreSQL messages still waiting for lines go as they are.
        await Task.WhenAll(
            _tcpIntake?.SubmitPendingAsync() ?? Task.CompletedTask,
            _udpIntake?.SubmitPendingAsync() ?? Task.CompletedTask);
        logger.LogInformation("Syslog receiver stopped");
    }

    private SyslogIntake Intake(string input, SyslogReceiverOptions settings)
    {
        var joiner = settings.PostgresqlMultiline.Enabled
            ? new PostgresqlMultilineJoiner(settings.PostgresqlMultiline, settings.Programs.Values, stats.Stage(PostgresqlMultilineJoiner.StageName))
            : null;
        return new SyslogIntake(input, settings, parser, pipeline, stats.Input(input), clock, logger, _abort.Token, joiner);
    }
}
