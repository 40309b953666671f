using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Console.Ingest.Pipeline;
using Console.Ingest.Sources.Connections;
using Microsoft.Extensions.Logging;

namespace Console.Ingest.Sources.Gelf;

/// <summary>
/// Accepts GELF TCP connections: messages end with a NUL byte, as Graylog's GELF TCP input expects. A frame longer than
/// <see cref="GelfReceiverOptions.MaxMessageBytes"/> is refused once and skipped to its NUL, so its tail is never read as
/// new messages. Backpressure is TCP's own: a connection reads on only after the pipeline took the previous batch.
/// </summary>
internal sealed class GelfTcpListener : IDisposable
{
    private readonly Socket _socket;
    private readonly GelfReceiverOptions _options;
    private readonly GelfIntake _intake;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly List<Task> _connections = [];
    private readonly Lock _connectionsLock = new();
    private readonly ConnectionLimiter _limiter;
    private readonly RefusalLogThrottle _refusalLog;

    public GelfTcpListener(IPAddress address, GelfReceiverOptions options, GelfIntake intake, TimeProvider clock, ILogger logger)
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
                    _logger.LogWarning(ex, "GELF TCP accept on {Endpoint} failed", Endpoint);
                    await Task.Delay(TimeSpan.FromMilliseconds(100), _clock, CancellationToken.None);
                    continue;
                }

                var slot = _limiter.TryAdmit(client.RemoteEndPoint, out var refusal);
                if (slot is null)
                {
                    _intake.Counters.RefuseConnection(refusal!, _clock.GetUtcNow());
                    if (_refusalLog.TryLog(out var heldBack))
                    {
                        _logger.LogWarning("Refused a GELF TCP connection: {Reason} ({HeldBack} more refusals since the last line)", refusal, heldBack);
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
        var reader = PipeReader.Create(new NetworkStream(client, ownsSocket: true),
            new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024));
        var idle = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var skipping = false;
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
                        _logger.LogInformation("Closed GELF TCP connection from {Remote}: idle for {IdleTimeout}", remote, _options.IdleTimeout);
                    }

                    break;
                }

                if (!idle.TryReset())
                {
                    // The idle timer fired just as data arrived: the connection is not idle, so start a fresh timer.
                    idle.Dispose();
                    idle = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                }

                var buffer = read.Buffer;
                var records = new List<IngestRecord>();
                while (TryReadFrame(ref buffer, ref skipping, out var frame, out var rejection))
                {
                    if (rejection is not null)
                    {
                        _intake.Reject(rejection, remote);
                        continue;
                    }

                    Take(frame, remote, records);
                    if (records.Count >= _options.BatchSize)
                    {
                        await _intake.SubmitAsync(records);
                        records = [];
                    }
                }

                if (read.IsCompleted && !buffer.IsEmpty && !skipping)
                {
                    // The last message of a sender that closed without its NUL.
                    Take(buffer, remote, records);
                    buffer = buffer.Slice(buffer.End);
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                await _intake.SubmitAsync(records);
                if (read.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            _logger.LogDebug(ex, "GELF TCP connection from {Remote} failed", remote);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "GELF TCP connection from {Remote} failed", remote);
        }
        finally
        {
            idle.Dispose();
            await reader.CompleteAsync();
            slot.Dispose();
        }
    }

    private void Take(in ReadOnlySequence<byte> frame, EndPoint? remote, List<IngestRecord> records)
    {
        var payload = TrimLineEnd(frame);
        if (payload.IsEmpty)
        {
            return;
        }

        _intake.Counters.AddReceived(1, _intake.Now);
        ReadOnlySpan<byte> bytes = payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray();
        if (_intake.CreateRecord(bytes, remote) is { } record)
        {
            records.Add(record);
        }
    }

    private bool TryReadFrame(ref ReadOnlySequence<byte> buffer, ref bool skipping, out ReadOnlySequence<byte> frame, out string? rejection)
    {
        frame = default;
        rejection = null;
        while (true)
        {
            var end = buffer.PositionOf((byte)0);
            if (end is null)
            {
                if (skipping)
                {
                    buffer = buffer.Slice(buffer.End);
                    return false;
                }

                if (buffer.Length > _options.MaxMessageBytes)
                {
                    buffer = buffer.Slice(buffer.End);
                    skipping = true;
                    rejection = string.Create(CultureInfo.InvariantCulture,
                        $"frame longer than MaxMessageBytes ({_options.MaxMessageBytes}); skipped to its NUL");
                    return true;
                }

                return false;
            }

            var found = buffer.Slice(0, end.Value);
            buffer = buffer.Slice(buffer.GetPosition(1, end.Value));
            if (skipping)
            {
                skipping = false;
                continue;
            }

            if (found.Length > _options.MaxMessageBytes)
            {
                rejection = string.Create(CultureInfo.InvariantCulture,
                    $"frame of {found.Length} bytes is longer than MaxMessageBytes ({_options.MaxMessageBytes}); skipped");
                return true;
            }

            if (TrimLineEnd(found).IsEmpty)
            {
                continue;
            }

            frame = found;
            return true;
        }
    }

    // Some senders put a line end before the NUL, or send NULs between messages.
    private static ReadOnlySequence<byte> TrimLineEnd(ReadOnlySequence<byte> frame)
    {
        while (!frame.IsEmpty)
        {
            var first = frame.FirstSpan[0];
            if (first is (byte)'\n' or (byte)'\r' or (byte)' ')
            {
                frame = frame.Slice(1);
                continue;
            }

            var last = frame.Slice(frame.Length - 1).FirstSpan[0];
            if (last is (byte)'\n' or (byte)'\r' or (byte)' ')
            {
                frame = frame.Slice(0, frame.Length - 1);
                continue;
            }

            break;
        }

        return frame;
    }
}
