using System.Net;
using System.Net.Sockets;
using System.Text;
using Console.Ingest.Decoding;
using Console.Ingest.Pipeline;
using Console.Ingest.Sources.JsonLines;
using Console.Ingest.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Tests.Sources.JsonLines;

/// <summary>The JSON-lines idle timeout counts only time spent waiting for the sender, never time held back by a full queue.</summary>
public sealed class JsonLinesReceiverIdleTests : IAsyncDisposable
{
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(500);

    private readonly CollectingPipeline _pipeline = new();
    private readonly JsonLinesReceiver _receiver;

    public JsonLinesReceiverIdleTests()
    {
        var options = new JsonLinesReceiverOptions { Port = 0, UdpEnabled = false, IdleTimeout = Idle };
        _receiver = new JsonLinesReceiver(_pipeline, new NdjsonDecoder(Options.Create(new NdjsonDecoderOptions())), new IngestStats(),
            Options.Create(options), TimeProvider.System, NullLogger<JsonLinesReceiver>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        _pipeline.IsFull = false;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _receiver.StopAsync(timeout.Token);
        _receiver.Dispose();
    }

    private async Task<TcpClient> ConnectAsync()
    {
        await _receiver.StartAsync(CancellationToken.None);
        var (tcp, _) = await _receiver.BoundPorts;
        var client = new TcpClient(AddressFamily.InterNetwork) { NoDelay = true };
        await client.ConnectAsync(IPAddress.Loopback, tcp);
        return client;
    }

    private static async Task<bool> ClosedByServerAsync(TcpClient client, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            return await client.GetStream().ReadAsync(new byte[16], timeout.Token) == 0;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [Fact]
    public async Task A_silent_connection_is_closed_after_the_idle_timeout_and_frees_its_slot()
    {
        using var client = await ConnectAsync();
        await client.GetStream().WriteAsync("{\"message\":\"then silence\"}\n"u8.ToArray());
        await _pipeline.WaitForCountAsync(1);

        Assert.True(await ClosedByServerAsync(client, TimeSpan.FromSeconds(30)), "the idle connection should be closed");
        await _pipeline.WaitForAsync(_ => _receiver.OpenConnections == 0);
        Assert.Equal(0, _receiver.OpenConnections);
    }

    [Fact]
    public async Task A_connection_held_back_by_a_full_queue_longer_than_the_idle_timeout_stays_open()
    {
        using var client = await ConnectAsync();
        _pipeline.IsFull = true;
        await client.GetStream().WriteAsync("{\"message\":\"held back\"}\n"u8.ToArray());
        await _pipeline.WaitForAsync(_ => _pipeline.Waiting > 0);
        // Sent while the receiver is not reading: it waits in the socket buffer for the next read.
        await client.GetStream().WriteAsync("{\"message\":\"after the wait\"}\n"u8.ToArray());

        // Several idle timeouts pass while the receiver waits for room; the connection is not idle, the queue is full.
        await Task.Delay(Idle * 4);
        _pipeline.IsFull = false;

        var records = await _pipeline.WaitForCountAsync(2);
        Assert.Equal(["held back", "after the wait"], records.Select(r => (string?)r.Fields["message"]));
    }
}
