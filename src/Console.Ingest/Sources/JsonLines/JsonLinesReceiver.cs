using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Console.Ingest.Decoding;
using Console.Ingest.Pipeline;
using Console.Ingest.Sources.Connections;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Sources.JsonLines;

/// <summary>
/// JSON lines over TCP and JSON datagrams over UDP on port 5000, as python-logstash-async and Logstash's
/// <c>tcp</c>/<c>udp</c> inputs with the json codec use. TCP reads the next lines only once the previous ones are
/// durable, so a full queue stops reading (the sender's socket buffer fills); UDP cannot wait, so it drops and counts.
/// </summary>
public sealed class JsonLinesReceiver(
    IIngestPipeline pipeline,
    NdjsonDecoder decoder,
    IngestStats stats,
    IOptions<JsonLinesReceiverOptions> options,
    TimeProvider clock,
    ILogger<JsonLinesReceiver> logger) : BackgroundService
{
    public const string TcpInput = "tcp-json";
    public const string UdpInput = "udp-json";

    private readonly TaskCompletionSource<(int Tcp, int Udp)> _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConnectionLimiter _limiter = new(options.Value.MaxConnections, options.Value.MaxConnectionsPerClient);
    private readonly RefusalLogThrottle _refusalLog = new(TimeSpan.FromSeconds(10), clock);

    /// <summary>The ports actually bound (useful when Port is 0); completes once listening.</summary>
    public Task<(int Tcp, int Udp)> BoundPorts => _bound.Task;

    /// <summary>Open TCP connections.</summary>
    public int OpenConnections => _limiter.Open;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var address = IPAddress.Parse(settings.BindAddress);
        TcpListener? tcp = null;
        UdpClient? udp = null;
        try
        {
            if (settings.TcpEnabled)
            {
                tcp = new TcpListener(address, settings.Port);
                tcp.Start(backlog: 512);
            }

            if (settings.UdpEnabled)
            {
                var udpPort = settings.Port == 0 || tcp is null ? settings.Port : ((IPEndPoint)tcp.LocalEndpoint).Port;
                udp = new UdpClient(new IPEndPoint(address, udpPort));
                udp.Client.ReceiveBufferSize = 8 * 1024 * 1024;
            }
        }
        catch (SocketException ex)
        {
            logger.LogCritical(ex, "Cannot listen for JSON lines on {Address}:{Port}", settings.BindAddress, settings.Port);
            _bound.TrySetException(ex);
            throw;
        }

        var tcpPort = tcp is null ? 0 : ((IPEndPoint)tcp.LocalEndpoint).Port;
        var udpBound = udp is null ? 0 : ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
        _bound.TrySetResult((tcpPort, udpBound));
        logger.LogInformation("Receiving JSON lines on tcp {TcpPort} and udp {UdpPort} at {Address}", tcpPort, udpBound, settings.BindAddress);

        var loops = new List<Task>();
        if (tcp is not null)
        {
            loops.Add(AcceptLoopAsync(tcp, stoppingToken));
        }

        if (udp is not null)
        {
            loops.Add(UdpLoopAsync(udp, stoppingToken));
        }

        try
        {
            await Task.WhenAll(loops);
        }
        finally
        {
            tcp?.Stop();
            udp?.Dispose();
        }
    }

    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken stoppingToken)
    {
        var connections = new List<Task>();
        using var stopping = stoppingToken.Register(listener.Stop);
        while (!stoppingToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException && stoppingToken.IsCancellationRequested)
            {
                break;
            }

            var slot = _limiter.TryAdmit(socket.RemoteEndPoint, out var refusal);
            if (slot is null)
            {
                stats.Input(TcpInput).RefuseConnection(refusal!, clock.GetUtcNow());
                if (_refusalLog.TryLog(out var heldBack))
                {
                    logger.LogWarning("Refused a JSON-lines TCP connection: {Reason} ({HeldBack} more refusals since the last line)", refusal, heldBack);
                }

                socket.Dispose();
                continue;
            }

            connections.Add(HandleConnectionAsync(socket, slot, stoppingToken));
            connections.RemoveAll(t => t.IsCompleted);
        }

        await Task.WhenAll(connections);
    }

    private async Task HandleConnectionAsync(Socket socket, ConnectionSlot slot, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var remote = socket.RemoteEndPoint?.ToString() ?? "unknown";
        var counters = stats.Input(TcpInput);
        try
        {
            // The idle timeout runs only while waiting for bytes, so a connection held back by a full queue stays open.
            await using var stream = new IdleTimeoutStream(new NetworkStream(socket, ownsSocket: true), options.Value.IdleTimeout, clock);
            var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 65536));
            await decoder.DecodeAsync(
                reader,
                async batch =>
                {
                    counters.AddReceived(batch.Count, clock.GetUtcNow());
                    // Wait (not reject): while the queue is full this connection is not read, which is TCP's backpressure.
                    await pipeline.SubmitAsync(ToRecords(batch, TcpInput), BackpressureMode.Wait, stoppingToken);
                },
                // Counted, and logged throttled by the input's rejection log: a flood of garbage must not flood our own log.
                rejection => counters.Reject($"{remote} line {rejection.Line}: {rejection.Reason}", clock.GetUtcNow()),
                stoppingToken,
                options.Value.MaxEventBytes);
            await reader.CompleteAsync();
        }
        catch (IdleConnectionException)
        {
            logger.LogInformation("Closed JSON-lines connection from {Remote}: idle for {IdleTimeout}", remote, options.Value.IdleTimeout);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            logger.LogInformation("JSON-lines connection from {Remote} ended: {Reason}", remote, ex.Message);
        }
        catch (Exception ex)
        {
            // One bad connection must not stop the listener.
            logger.LogError(ex, "JSON-lines connection from {Remote} failed", remote);
        }
        finally
        {
            slot.Dispose();
        }
    }

    private async Task UdpLoopAsync(UdpClient udp, CancellationToken stoppingToken)
    {
        var counters = stats.Input(UdpInput);
        var datagrams = Channel.CreateBounded<JsonObject>(new BoundedChannelOptions(options.Value.UdpQueueCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var submitter = Task.Run(async () =>
        {
            var batch = new List<JsonObject>();
            while (await datagrams.Reader.WaitToReadAsync(CancellationToken.None))
            {
                batch.Clear();
                while (batch.Count < 1000 && datagrams.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                try
                {
                    await pipeline.SubmitAsync(ToRecords(batch, UdpInput), BackpressureMode.Wait, CancellationToken.None);
                }
                catch (Exception ex)
                {
                    // A refused write (a full disk) must not end this loop: the datagrams would pile up unread for good.
                    counters.AddDropped(batch.Count);
                    logger.LogError("The ingest pipeline refused {Count} UDP JSON events: {Reason}", batch.Count, ex.Message);
                }
            }
        }, CancellationToken.None);

        while (!stoppingToken.IsCancellationRequested)
        {
            UdpReceiveResult received;
            try
            {
                received = await udp.ReceiveAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (SocketException ex)
            {
                logger.LogWarning(ex, "UDP receive failed");
                continue;
            }

            counters.AddReceived(1, clock.GetUtcNow());
            if (received.Buffer.Length > options.Value.MaxEventBytes)
            {
                counters.Reject($"datagram from {received.RemoteEndPoint} is larger than {options.Value.MaxEventBytes} bytes", clock.GetUtcNow());
                continue;
            }

            // A datagram may carry several lines (some senders batch); each is an event.
            foreach (var line in SplitLines(received.Buffer))
            {
                var source = NdjsonDecoder.ParseLine(line.Span, out var reason);
                if (source is null)
                {
                    if (reason != "empty event" || line.Length > 0)
                    {
                        counters.Reject($"datagram from {received.RemoteEndPoint}: {reason}", clock.GetUtcNow());
                    }
                }
                else if (!datagrams.Writer.TryWrite(source))
                {
                    counters.AddDropped(1);
                    stats.Stage("udp-overflow").AddDropped(1);
                }
            }
        }

        datagrams.Writer.TryComplete();
        await submitter;
    }

    private static IEnumerable<ReadOnlyMemory<byte>> SplitLines(byte[] buffer)
    {
        var start = 0;
        for (var i = 0; i <= buffer.Length; i++)
        {
            if (i == buffer.Length || buffer[i] == (byte)'\n')
            {
                var line = buffer.AsMemory(start, i - start);
                if (!line.Span.Trim(" \t\r"u8).IsEmpty)
                {
                    yield return line;
                }

                start = i + 1;
            }
        }
    }

    private IngestRecord[] ToRecords(IReadOnlyList<JsonObject> batch, string input)
    {
        var records = new IngestRecord[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            records[i] = new IngestRecord { Input = input, Fields = batch[i], IndexBase = options.Value.IndexBase };
        }

        return records;
    }
}
