using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Console.Ingest.Pipeline;
using Microsoft.Extensions.Logging;

namespace Console.Ingest.Sources.Connections;

/// <summary>
/// Accepts TCP connections for a receiver whose messages are framed in the byte stream (syslog, GELF), admits them
/// through a <see cref="ConnectionLimiter"/>, closes idle ones, and hands each connection's bytes to its own
/// <see cref="IConnectionFrameReader"/>. Backpressure is TCP's own: a connection reads its next bytes only after the
/// pipeline took the previous batch, so a full queue fills the socket buffers and slows the sender down.
/// </summary>
internal sealed class FramedTcpListener : IDisposable
{
    private readonly string _protocol;
    private readonly Socket _socket;
    private readonly TcpListenerSettings _settings;
    private readonly ComponentCounters _counters;
    private readonly Func<EndPoint?, IConnectionFrameReader> _openReader;
    private readonly Func<List<IngestRecord>, Task> _submit;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly List<Task> _connections = [];
    private readonly Lock _connectionsLock = new();
    private readonly ConnectionLimiter _limiter;
    private readonly RefusalLogThrottle _refusalLog;

    /// <param name="protocol">The protocol's name in log lines ("syslog", "GELF").</param>
    /// <param name="openReader">The framing for a new connection from the given remote end point.</param>
    /// <param name="submit">Hands a batch to the pipeline; it must not throw (the receivers count failures as drops).</param>
    public FramedTcpListener(
        string protocol,
        IPAddress address,
        TcpListenerSettings settings,
        ComponentCounters counters,
        Func<EndPoint?, IConnectionFrameReader> openReader,
        Func<List<IngestRecord>, Task> submit,
        TimeProvider clock,
        ILogger logger)
    {
        _protocol = protocol;
        _settings = settings;
        _counters = counters;
        _openReader = openReader;
        _submit = submit;
        _clock = clock;
        _logger = logger;
        _limiter = new ConnectionLimiter(settings.MaxConnections, settings.MaxConnectionsPerClient);
        _refusalLog = new RefusalLogThrottle(TimeSpan.FromSeconds(10), clock);
        _socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.Equals(IPAddress.IPv6Any))
            {
                _socket.DualMode = true;
            }

            _socket.Bind(new IPEndPoint(address, settings.Port));
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
                    _logger.LogWarning(ex, "{Protocol} TCP accept on {Endpoint} failed", _protocol, Endpoint);
                    await Task.Delay(TimeSpan.FromMilliseconds(100), _clock, CancellationToken.None);
                    continue;
                }

                var slot = _limiter.TryAdmit(client.RemoteEndPoint, out var refusal);
                if (slot is null)
                {
                    _counters.RefuseConnection(refusal!, _clock.GetUtcNow());
                    if (_refusalLog.TryLog(out var heldBack))
                    {
                        _logger.LogWarning("Refused a {Protocol} TCP connection: {Reason} ({HeldBack} more refusals since the last line)", _protocol, refusal, heldBack);
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
        var framing = _openReader(remote);
        var reader = PipeReader.Create(new NetworkStream(client, ownsSocket: true),
            new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024));
        var idle = NewIdleTimer(stopping, out var stopRegistration);
        _logger.LogDebug("{Protocol} TCP connection from {Remote}", _protocol, remote);
        try
        {
            while (true)
            {
                idle.CancelAfter(_settings.IdleTimeout);
                ReadResult read;
                try
                {
                    read = await reader.ReadAsync(idle.Token);
                }
                catch (OperationCanceledException)
                {
                    if (!stopping.IsCancellationRequested)
                    {
                        _logger.LogInformation("Closed {Protocol} TCP connection from {Remote}: idle for {IdleTimeout}", _protocol, remote, _settings.IdleTimeout);
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
                bool more;
                do
                {
                    var records = new List<IngestRecord>();
                    more = framing.Read(ref buffer, read.IsCompleted, records, _settings.BatchSize);
                    if (records.Count > 0)
                    {
                        // The buffer is advanced only after the pipeline took the batch: TCP's backpressure.
                        await _submit(records);
                    }
                }
                while (more);

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            _logger.LogDebug(ex, "{Protocol} TCP connection from {Remote} failed", _protocol, remote);
        }
        catch (Exception ex)
        {
            // One bad connection must not stop the listener.
            _logger.LogError(ex, "{Protocol} TCP connection from {Remote} failed", _protocol, remote);
        }
        finally
        {
            stopRegistration.Dispose();
            idle.Dispose();
            await reader.CompleteAsync();
            slot.Dispose();
            _logger.LogDebug("{Protocol} TCP connection from {Remote} closed", _protocol, remote);
        }
    }

    private CancellationTokenSource NewIdleTimer(CancellationToken stopping, out CancellationTokenRegistration stopRegistration)
    {
        var idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _clock);
        stopRegistration = stopping.Register(static state => ((CancellationTokenSource)state!).Cancel(), idle);
        return idle;
    }
}
