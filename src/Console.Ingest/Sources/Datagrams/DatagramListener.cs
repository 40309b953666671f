using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Console.Ingest.Pipeline;
using Microsoft.Extensions.Logging;

namespace Console.Ingest.Sources.Datagrams;

/// <summary>
/// Receives a protocol's UDP datagrams (syslog, GELF). A UDP sender cannot be slowed down, so a bounded queue sits
/// between the socket and the pipeline: while the pipeline waits for room the socket keeps reading, parsing happens off
/// the socket's loop, and what does not fit in the queue is dropped and counted rather than left to overflow the
/// kernel's buffer unseen. The queue is bounded in datagrams and in bytes: datagrams may be up to 64 KB each, so a count
/// alone let 10,000 large ones (a flood of garbage) hold over 600 MB.
/// </summary>
internal sealed class DatagramListener : IDisposable
{
    // The largest UDP payload; a datagram is read whole and then checked by the protocol's reader.
    private const int MaxDatagramBytes = 65_535;

    /// <summary>Payload bytes the queue holds at most, whatever the count.</summary>
    public const long DefaultMaxQueuedBytes = 32L * 1024 * 1024;

    private static readonly TimeSpan DropWarningInterval = TimeSpan.FromSeconds(10);

    private readonly string _protocol;
    private readonly Socket _socket;
    private readonly int _queueCapacity;
    private readonly long _maxQueuedBytes;
    private long _queuedBytes;
    private readonly int _batchSize;
    private readonly ReceiverIntake _intake;
    private readonly IDatagramReader _reader;
    private readonly ILogger _logger;
    private readonly Channel<ReceivedDatagram> _queue;
    private DateTimeOffset _lastDropWarning = DateTimeOffset.MinValue;

    /// <param name="protocol">The protocol's name in log lines ("syslog", "GELF").</param>
    /// <param name="maxQueuedBytes">Payload bytes the queue holds at most (<see cref="DefaultMaxQueuedBytes"/>).</param>
    public DatagramListener(string protocol, IPAddress address, int port, int queueCapacity, int batchSize, ReceiverIntake intake, IDatagramReader reader, ILogger logger,
        long maxQueuedBytes = DefaultMaxQueuedBytes)
    {
        _protocol = protocol;
        _queueCapacity = queueCapacity;
        _maxQueuedBytes = maxQueuedBytes;
        _batchSize = batchSize;
        _intake = intake;
        _reader = reader;
        _logger = logger;
        _queue = Channel.CreateBounded<ReceivedDatagram>(new BoundedChannelOptions(queueCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (address.Equals(IPAddress.IPv6Any))
            {
                _socket.DualMode = true;
            }

            // Room for bursts (nginx logs every request); the kernel caps it at net.core.rmem_max.
            _socket.ReceiveBufferSize = 4 * 1024 * 1024;
            _socket.Bind(new IPEndPoint(address, port));
            Endpoint = (IPEndPoint)_socket.LocalEndPoint!;
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
    }

    public IPEndPoint Endpoint { get; }

    /// <summary>Receives until <paramref name="stopping"/>, then closes the socket and submits what is still queued.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var submitting = SubmitQueuedAsync();
        try
        {
            await ReceiveAsync(stopping);
        }
        finally
        {
            _queue.Writer.TryComplete();
            _socket.Dispose();
            await submitting;
        }
    }

    public void Dispose() => _socket.Dispose();

    private async Task ReceiveAsync(CancellationToken stopping)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(MaxDatagramBytes);
        EndPoint any = new IPEndPoint(Endpoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!stopping.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (SocketException ex)
            {
                _logger.LogDebug(ex, "{Protocol} UDP receive on {Endpoint} failed", _protocol, Endpoint);
                continue;
            }

            var datagram = buffer.AsSpan(0, received.ReceivedBytes);
            if (datagram.IsEmpty || _reader.Admit(datagram, received.RemoteEndPoint) is not { } message)
            {
                continue;
            }

            var now = _intake.Now;
            _intake.Counters.AddReceived(1, now);
            if (Interlocked.Add(ref _queuedBytes, message.Length) > _maxQueuedBytes
                || !_queue.Writer.TryWrite(new ReceivedDatagram(message, received.RemoteEndPoint, now)))
            {
                Interlocked.Add(ref _queuedBytes, -message.Length);
                _intake.Counters.AddDropped(1);
                if (now - _lastDropWarning >= DropWarningInterval)
                {
                    _lastDropWarning = now;
                    _logger.LogWarning("{Protocol} UDP queue is full ({Capacity} messages or {Bytes} bytes): dropping datagrams, {Dropped} so far",
                        _protocol, _queueCapacity, _maxQueuedBytes, _intake.Counters.Dropped);
                }
            }
        }
    }

    private async Task SubmitQueuedAsync()
    {
        await Task.Yield();
        var queue = _queue.Reader;
        while (await queue.WaitToReadAsync(CancellationToken.None))
        {
            var records = new List<IngestRecord>();
            for (var taken = 0; taken < _batchSize && queue.TryRead(out var datagram); taken++)
            {
                Interlocked.Add(ref _queuedBytes, -datagram.Payload.Length);
                try
                {
                    _reader.Read(datagram, records);
                }
                catch (Exception ex)
                {
                    // Readers refuse bad input rather than throw; should one throw anyway, that datagram is refused and
                    // the listener reads on: ending here would leave every later datagram queued, then dropped.
                    _intake.Reject($"unreadable datagram ({ex.GetType().Name}: {ex.Message})", datagram.From);
                }
            }

            await _intake.SubmitAsync(records);
        }
    }
}
