using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Console.Ingest.Pipeline;
using Microsoft.Extensions.Logging;

namespace Console.Ingest.Sources.Gelf;

/// <summary>
/// Receives GELF datagrams: a whole message each, or a chunk that <see cref="GelfChunkAssembler"/> joins with its
/// siblings. Decompressing and parsing happen off the socket's loop, behind a bounded queue: a UDP sender cannot be
/// slowed down, so what does not fit is dropped and counted rather than left to overflow the kernel's buffer unseen.
/// </summary>
internal sealed class GelfUdpListener : IDisposable
{
    private const int MaxDatagramBytes = 65_535;

    private static readonly TimeSpan DropWarningInterval = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private readonly GelfReceiverOptions _options;
    private readonly GelfIntake _intake;
    private readonly GelfChunkAssembler _chunks;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Channel<Datagram> _queue;
    private DateTimeOffset _lastDropWarning = DateTimeOffset.MinValue;

    public GelfUdpListener(IPAddress address, GelfReceiverOptions options, GelfIntake intake, TimeProvider clock, ILogger logger)
    {
        _options = options;
        _intake = intake;
        _clock = clock;
        _logger = logger;
        _chunks = new GelfChunkAssembler(options, clock);
        _queue = Channel.CreateBounded<Datagram>(new BoundedChannelOptions(options.UdpQueueCapacity)
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

            _socket.ReceiveBufferSize = 4 * 1024 * 1024;
            _socket.Bind(new IPEndPoint(address, options.Port));
            Endpoint = (IPEndPoint)_socket.LocalEndPoint!;
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
    }

    public IPEndPoint Endpoint { get; }

    /// <summary>Chunked messages waiting for their other chunks.</summary>
    public int PendingChunkedMessages => _chunks.Pending;

    public async Task RunAsync(CancellationToken stopping)
    {
        var submitting = SubmitQueuedAsync();
        var expiring = ExpireChunksAsync(stopping);
        try
        {
            await ReceiveAsync(stopping);
        }
        finally
        {
            _queue.Writer.TryComplete();
            _socket.Dispose();
            await submitting;
            await expiring;
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
                _logger.LogDebug(ex, "GELF UDP receive on {Endpoint} failed", Endpoint);
                continue;
            }

            var datagram = buffer.AsSpan(0, received.ReceivedBytes);
            if (datagram.IsEmpty)
            {
                continue;
            }

            byte[] message;
            if (GelfChunkAssembler.IsChunk(datagram))
            {
                var whole = _chunks.Add(datagram, out var rejection);
                if (rejection is not null)
                {
                    _intake.Reject(rejection, received.RemoteEndPoint);
                }

                if (whole is null)
                {
                    continue;
                }

                message = whole;
            }
            else
            {
                message = datagram.ToArray();
            }

            var now = _intake.Now;
            _intake.Counters.AddReceived(1, now);
            if (!_queue.Writer.TryWrite(new Datagram(message, received.RemoteEndPoint)))
            {
                _intake.Counters.AddDropped(1);
                if (now - _lastDropWarning >= DropWarningInterval)
                {
                    _lastDropWarning = now;
                    _logger.LogWarning("GELF UDP queue is full ({Capacity} messages): dropping messages, {Dropped} so far",
                        _options.UdpQueueCapacity, _intake.Counters.Dropped);
                }
            }
        }
    }

    private async Task ExpireChunksAsync(CancellationToken stopping)
    {
        var interval = TimeSpan.FromTicks(Math.Clamp(_options.ChunkTimeout.Ticks / 4, TimeSpan.FromMilliseconds(25).Ticks, TimeSpan.TicksPerSecond));
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, _clock, stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            foreach (var reason in _chunks.Expire())
            {
                _intake.Reject(reason, null);
            }
        }
    }

    private async Task SubmitQueuedAsync()
    {
        await Task.Yield();
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            var records = new List<IngestRecord>();
            while (records.Count < _options.BatchSize && reader.TryRead(out var datagram))
            {
                if (_intake.CreateRecord(datagram.Payload, datagram.From) is { } record)
                {
                    records.Add(record);
                }
            }

            await _intake.SubmitAsync(records);
        }
    }

    private readonly record struct Datagram(byte[] Payload, EndPoint? From);
}
