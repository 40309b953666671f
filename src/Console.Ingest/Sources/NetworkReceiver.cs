using System.Net;
using System.Net.Sockets;
using Console.Ingest.Sources.Connections;
using Console.Ingest.Sources.Datagrams;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Sources;

/// <summary>
/// A receiver that listens for one protocol over TCP (a <see cref="FramedTcpListener"/>) and UDP (a
/// <see cref="DatagramListener"/>) on one address and port. It binds both sockets before the host finishes starting, so
/// a taken port stops the process at start. On shutdown it stops accepting and reading first, then lets submissions
/// already made finish (until the host's shutdown timeout). A protocol supplies its intakes and framing.
/// </summary>
public abstract class NetworkReceiver<TOptions> : BackgroundService
    where TOptions : class, INetworkReceiverOptions
{
    private readonly IOptions<TOptions> _options;
    private readonly string _protocol;
    private readonly string _receiverName;
    private readonly string _section;
    private readonly CancellationTokenSource _abort = new();
    private FramedTcpListener? _tcp;
    private DatagramListener? _udp;

    /// <param name="protocol">The protocol's name in log lines ("syslog", "GELF").</param>
    /// <param name="receiverName">How log lines name the receiver ("Syslog", "GELF").</param>
    /// <param name="section">The settings' section, named when the receiver is off.</param>
    private protected NetworkReceiver(IOptions<TOptions> options, string protocol, string receiverName, string section, TimeProvider clock, ILogger logger)
    {
        _options = options;
        _protocol = protocol;
        _receiverName = receiverName;
        _section = section;
        Clock = clock;
        Logger = logger;
    }

    /// <summary>Where TCP is listening once started (the real port when the setting is 0), or null.</summary>
    public IPEndPoint? TcpEndpoint => _tcp?.Endpoint;

    /// <summary>Where UDP is listening once started, or null.</summary>
    public IPEndPoint? UdpEndpoint => _udp?.Endpoint;

    /// <summary>Open TCP connections.</summary>
    public int OpenConnections => _tcp?.OpenConnections ?? 0;

    private protected TimeProvider Clock { get; }

    private protected ILogger Logger { get; }

    /// <summary>Cancels submissions in flight: only when the host stops waiting on shutdown, never by the stop signal.</summary>
    private protected CancellationToken Abort => _abort.Token;

    /// <summary>Binds the sockets before the host finishes starting, so a taken port stops the process at start.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = _options.Value;
        if (!settings.Enabled)
        {
            Logger.LogInformation("{Receiver} receiver is off ({Section}:Enabled is false)", _receiverName, _section);
            return;
        }

        var address = IPAddress.Parse(settings.BindAddress);
        var binding = "tcp";
        try
        {
            if (settings.TcpEnabled)
            {
                var (intake, openReader) = CreateTcpIntake(settings);
                _tcp = new FramedTcpListener(_protocol, address,
                    new TcpListenerSettings(settings.Port, settings.MaxConnections, settings.MaxConnectionsPerClient, settings.IdleTimeout, settings.BatchSize),
                    intake.Counters, openReader, intake.SubmitAsync, Clock, Logger);
            }

            if (settings.UdpEnabled)
            {
                binding = "udp";
                var (intake, reader) = CreateUdpIntake(settings);
                _udp = new DatagramListener(_protocol, address, settings.Port, settings.UdpQueueCapacity, settings.BatchSize, intake, reader, Logger);
            }
        }
        catch (Exception ex)
        {
            _tcp?.Dispose();
            _udp?.Dispose();
            _tcp = null;
            _udp = null;
            if (ex is SocketException socket)
            {
                // The socket's own message ("Address already in use") names neither the receiver nor the port.
                throw new IOException($"{_receiverName} receiver cannot listen on {binding} {settings.BindAddress}:{settings.Port} ({_section}:BindAddress, {_section}:Port): {socket.Message}", socket);
            }

            throw;
        }

        Logger.LogInformation("{Receiver} receiver listening on tcp {TcpEndpoint} and udp {UdpEndpoint}, events to {IndexBase}",
            _receiverName, (object?)TcpEndpoint ?? "(off)", (object?)UdpEndpoint ?? "(off)", settings.IndexBase);
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
        GC.SuppressFinalize(this);
    }

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.WhenAll(
            _tcp?.RunAsync(stoppingToken) ?? Task.CompletedTask,
            _udp?.RunAsync(stoppingToken) ?? Task.CompletedTask,
            ExpirePartialMessagesAsync(stoppingToken));

        // Nothing more can arrive.
        await SubmitPartialMessagesAsync();
        Logger.LogInformation("{Receiver} receiver stopped", _receiverName);
    }

    /// <summary>The intake of the TCP listener's records and the framing of each new connection from a remote end point.</summary>
    private protected abstract (ReceiverIntake Intake, Func<EndPoint?, IConnectionFrameReader> OpenReader) CreateTcpIntake(TOptions settings);

    /// <summary>The intake of the UDP listener's records and the reader of its datagrams.</summary>
    private protected abstract (ReceiverIntake Intake, IDatagramReader Reader) CreateUdpIntake(TOptions settings);

    /// <summary>
    /// Runs beside the listeners until <paramref name="stopping"/>: gives up on, or submits, messages that arrive in
    /// parts (GELF chunks, PostgreSQL's lines) once their wait for the rest is over.
    /// </summary>
    private protected virtual Task ExpirePartialMessagesAsync(CancellationToken stopping) => Task.CompletedTask;

    /// <summary>Runs once the listeners finished: what still waits for parts goes as it is, or is dropped.</summary>
    private protected virtual Task SubmitPartialMessagesAsync() => Task.CompletedTask;
}
