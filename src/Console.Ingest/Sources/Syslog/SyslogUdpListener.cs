using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Console.Ingest.Pipeline;
using Microsoft.Extensions.Logging;

namespace Console.Ingest.Sources.Syslog;

/// <summary>
/// Receives syslog datagrams, one message each. A UDP sender cannot be slowed down, so a bounded queue sits between the
/// socket and the pipeline: while the pipeline waits for room the socket keeps reading, and what does not fit in the
/// queue is dropped and counted rather than left to overflow the kernel's buffer unseen.
/// </summary>
internal sealed class SyslogUdpListener : IDisposable
{
    // The largest UDP payload; a datagram is read whole and then checked against MaxMessageBytes.
    private const int MaxDatagramBytes = 65_535;

    private static readonly TimeSpan DropWarningInterval = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private readonly SyslogReceiverOptions _options;
    private readonly SyslogIntake _intake;
    private readonly ILogger _logger;
    private readonly Channel<Datagram> _queue;
    private DateTimeOffset _lastDropWarning = DateTimeOffset.MinValue;

    public SyslogUdpListener(IPAddress address, SyslogReceiverOptions options, SyslogIntake intake, ILogger logger)
    {
        _options = options;
        _intake = intake;
        _logger = logger;
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

            // Room for bursts (nginx logs every request); the kernel caps it at net.core.rmem_max.
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
                _logger.LogDebug(ex, "Syslog UDP receive on {Endpoint} failed", Endpoint);
                continue;
            }

            var length = received.ReceivedBytes;
            if (length == 0)
            {
                continue;
            }

            if (length > _options.MaxMessageBytes)
            {
                _intake.Reject($"datagram of {length} bytes is longer than MaxMessageBytes ({_options.MaxMessageBytes})", received.RemoteEndPoint);
                continue;
            }

            var now = _intake.Now;
            _intake.Counters.AddReceived(1, now);
            if (!_queue.Writer.TryWrite(new Datagram(buffer.AsSpan(0, length).ToArray(), SyslogIntake.SenderOf(received.RemoteEndPoint), now)))
            {
                _intake.Counters.AddDropped(1);
                if (now - _lastDropWarning >= DropWarningInterval)
                {
                    _lastDropWarning = now;
                    _logger.LogWarning("Syslog UDP queue is full ({Capacity} messages): dropping datagrams, {Dropped} so far",
                        _options.UdpQueueCapacity, _intake.Counters.Dropped);
                }
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
            for (var taken = 0; taken < _options.BatchSize && reader.TryRead(out var datagram); taken++)
            {
                _intake.Take(new ReadOnlySequence<byte>(datagram.Payload), datagram.Sender, datagram.ReceivedAt, records);
            }

            await _intake.SubmitAsync(records);
        }
    }

    private readonly record struct Datagram(byte[] Payload, string? Sender, DateTimeOffset ReceivedAt);
}
