using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Console.Ingest.Pipeline;
using Console.Ingest.Sources.Connections;
using Microsoft.Extensions.Logging;

namespace Console.Ingest.Sources.Syslog;

/// <summary>
/// Accepts syslog TCP connections (both framings, see <see cref="SyslogFrameDecoder"/>). Backpressure is TCP's own: a
/// connection reads its next bytes only after the pipeline took the previous batch, so a full queue fills the socket
/// buffers and slows the sender down.
/// </summary>
internal sealed class SyslogTcpListener : IDisposable
{
    private readonly Socket _socket;
    private readonly SyslogReceiverOptions _options;
    private readonly SyslogIntake _intake;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly List<Task> _connections = [];
    private readonly Lock _connectionsLock = new();
    private readonly ConnectionLimiter _limiter;
    private readonly RefusalLogThrottle _refusalLog;

    public SyslogTcpListener(IPAddress address, SyslogReceiverOptions options, SyslogIntake intake, TimeProvider clock, ILogger logger)
    {
        _options = options;
        _intake = intake;
        _clock = clock;
        _logger = logger;
        _limiter = new ConnectionLimiter(options.MaxConnections, options.MaxConnectionsPerClient);
        _refusalLog = new RefusalLogThrottle(TimeSpan.FromSeconds(10), clock);
        _socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.Equals(IPAddress.IPv6Any))
            {
                _socket.DualMode = true;
            }

            _socket.Bind(new IPEndPoint(address, options.Port));
            _socket.Listen(512);
            Endpoint = (IPEndPoint)_socket.LocalEndPoint!;
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
    }

    public IPEndPoint Endpoint { get; }

    public int OpenConnections => _limiter.Open;

    /// <summary>Accepts until <paramref name="stopping"/>, then stops accepting and waits for open connections to finish their submissions.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                Socket client;
                try
                {
                    client = await _socket.AcceptAsync(stopping);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                catch (SocketException ex)
                {
                    // Out of file descriptors and the like: say so, breathe, and keep accepting.
                    _logger.LogWarning(ex, "Syslog TCP accept on {Endpoint} failed", Endpoint);
                    await Task.Delay(TimeSpan.FromMilliseconds(100), _clock, CancellationToken.None);
                    continue;
                }

                var slot = _limiter.TryAdmit(client.RemoteEndPoint, out var refusal);
                if (slot is null)
                {
                    _intake.Counters.RefuseConnection(refusal!, _clock.GetUtcNow());
                    if (_refusalLog.TryLog(out var heldBack))
                    {
                        _logger.LogWarning("Refused a syslog TCP connection: {Reason} ({HeldBack} more refusals since the last line)", refusal, heldBack);
                    }

                    client.Dispose();
                    continue;
                }

                var connection = HandleAsync(client, slot, stopping);
                lock (_connectionsLock)
                {
                    _connections.RemoveAll(t => t.IsCompleted);
                    _connections.Add(connection);
                }
            }
        }
        finally
        {
            _socket.Dispose();
            Task[] open;
            lock (_connectionsLock)
            {
                open = [.. _connections];
            }

            await Task.WhenAll(open);
        }
    }

    public void Dispose() => _socket.Dispose();

    private async Task HandleAsync(Socket client, ConnectionSlot slot, CancellationToken stopping)
    {
        await Task.Yield();
        var remote = client.RemoteEndPoint;
        var sender = SyslogIntake.SenderOf(remote);
        var decoder = new SyslogFrameDecoder(_options.MaxMessageBytes);
        var reader = PipeReader.Create(new NetworkStream(client, ownsSocket: true),
            new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024));
        var idle = NewIdleTimer(stopping, out var stopRegistration);
        _logger.LogDebug("Syslog TCP connection from {Remote}", remote);
        try
        {
            while (true)
            {
                idle.CancelAfter(_options.IdleTimeout);
                ReadResult read;
                try
                {
                    read = await reader.ReadAsync(idle.Token);
                }
                catch (OperationCanceledException)
                {
                    if (!stopping.IsCancellationRequested)
                    {
                        _logger.LogInformation("Closed syslog TCP connection from {Remote}: idle for {IdleTimeout}", remote, _options.IdleTimeout);
                    }

                    break;
                }

                if (!idle.TryReset() && !stopping.IsCancellationRequested)
                {
                    // The idle timer fired just as data arrived: the connection is not idle, so start a fresh timer.
                    stopRegistration.Dispose();
                    idle.Dispose();
                    idle = NewIdleTimer(stopping, out stopRegistration);
                }

                var buffer = read.Buffer;
                var receivedAt = _intake.Now;
                var records = new List<IngestRecord>();
                var received = 0;
                while (decoder.TryRead(ref buffer, out var frame) ||
                       (read.IsCompleted && decoder.TryReadLast(ref buffer, out frame)))
                {
                    if (frame.Rejection is { } reason)
                    {
                        _intake.Reject(reason, remote);
                        continue;
                    }

                    // Counted per message: PostgreSQL's lines may leave as fewer, joined records.
                    received++;
                    _intake.Take(frame.Payload, sender, receivedAt, records);
                    if (records.Count >= _options.BatchSize)
                    {
                        _intake.Counters.AddReceived(received, receivedAt);
                        received = 0;
                        await _intake.SubmitAsync(records);
                        records = [];
                    }
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (received > 0)
                {
                    _intake.Counters.AddReceived(received, receivedAt);
                }

                if (records.Count > 0)
                {
                    await _intake.SubmitAsync(records);
                }

                if (read.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            _logger.LogDebug(ex, "Syslog TCP connection from {Remote} failed", remote);
        }
        catch (Exception ex)
        {
            // One bad connection must not stop the listener.
            _logger.LogError(ex, "Syslog TCP connection from {Remote} failed", remote);
        }
        finally
        {
            stopRegistration.Dispose();
            idle.Dispose();
            await reader.CompleteAsync();
            slot.Dispose();
            _logger.LogDebug("Syslog TCP connection from {Remote} closed", remote);
        }
    }

    private CancellationTokenSource NewIdleTimer(CancellationToken stopping, out CancellationTokenRegistration stopRegistration)
    {
        var idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _clock);
        stopRegistration = stopping.Register(static state => ((CancellationTokenSource)state!).Cancel(), idle);
        return idle;
    }
}
