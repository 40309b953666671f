using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Console.Ingest.Pipeline;
using Console.Ingest.Sources;
using Console.Ingest.Sources.Datagrams;
using Console.Ingest.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Console.Ingest.Tests.Sources.Datagrams;

public sealed class DatagramListenerTests
{
    [Fact]
    public async Task A_reader_that_throws_on_one_datagram_refuses_it_and_the_listener_reads_on()
    {
        var pipeline = new CollectingPipeline();
        var counters = new ComponentCounters("test-udp");
        var intake = new TestIntake(pipeline, counters);
        using var listener = new DatagramListener("test", IPAddress.Loopback, 0, queueCapacity: 100, batchSize: 10, intake, new ThrowingOnBoomReader(), NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var running = listener.RunAsync(stop.Token);

        using var udp = new UdpClient();
        udp.Connect(listener.Endpoint);
        await udp.SendAsync("first"u8.ToArray());
        await pipeline.WaitForCountAsync(1);
        await udp.SendAsync("boom"u8.ToArray());
        await udp.SendAsync("after"u8.ToArray());

        await pipeline.WaitForCountAsync(2);
        Assert.Equal(["first", "after"], pipeline.Messages);
        Assert.Equal(1, counters.Rejected);
        Assert.Contains("unreadable datagram (InvalidOperationException: boom)", counters.Recent.Snapshot().Single().Reason, StringComparison.Ordinal);
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task While_the_pipeline_is_busy_the_queue_holds_datagrams_up_to_its_byte_bound_and_drops_and_counts_the_rest()
    {
        // 20 datagrams of 1,000 bytes against a bound of 4,000 bytes (the count bound, 100, is never reached): a count
        // alone let a flood of large datagrams hold 64 KB each.
        var pipeline = new CollectingPipeline();
        var counters = new ComponentCounters("test-udp");
        var intake = new TestIntake(pipeline, counters);
        var reader = new GatedReader();
        using var listener = new DatagramListener("test", IPAddress.Loopback, 0, queueCapacity: 100, batchSize: 1, intake, reader, NullLogger.Instance, maxQueuedBytes: 4_000);
        using var stop = new CancellationTokenSource();
        var running = listener.RunAsync(stop.Token);

        using var udp = new UdpClient();
        udp.Connect(listener.Endpoint);
        await udp.SendAsync(Encoding.UTF8.GetBytes(new string('a', 1_000)));
        await reader.Reading.Task.WaitAsync(TimeSpan.FromSeconds(30)); // the first is in the reader, which now waits
        for (var i = 0; i < 19; i++)
        {
            await udp.SendAsync(Encoding.UTF8.GetBytes(new string('b', 1_000)));
        }

        await Poll.Eventually(() => counters.Received == 20, TimeSpan.FromSeconds(30), "all 20 datagrams read off the socket");
        reader.Gate.Release(int.MaxValue / 2);
        await pipeline.WaitForCountAsync(5);

        Assert.Equal(15, counters.Dropped);
        Assert.Equal(5, pipeline.Messages.Count);
        await stop.CancelAsync();
        await running;
    }

    private sealed class GatedReader : IDatagramReader
    {
        public TaskCompletionSource Reading { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public SemaphoreSlim Gate { get; } = new(0);

        public byte[]? Admit(ReadOnlySpan<byte> datagram, EndPoint? from) => datagram.ToArray();

        public void Read(in ReceivedDatagram datagram, List<IngestRecord> records)
        {
            Reading.TrySetResult();
            Gate.Wait();
            records.Add(new IngestRecord { Input = "test-udp", Fields = new JsonObject { ["message"] = Encoding.UTF8.GetString(datagram.Payload) } });
        }
    }

    private sealed class TestIntake(IIngestPipeline pipeline, ComponentCounters counters)
        : ReceiverIntake("test-udp", pipeline, counters, TimeProvider.System, NullLogger.Instance, CancellationToken.None);

    private sealed class ThrowingOnBoomReader : IDatagramReader
    {
        public byte[]? Admit(ReadOnlySpan<byte> datagram, EndPoint? from) => datagram.ToArray();

        public void Read(in ReceivedDatagram datagram, List<IngestRecord> records)
        {
            var text = Encoding.UTF8.GetString(datagram.Payload);
            if (text == "boom")
            {
                throw new InvalidOperationException("boom");
            }

            records.Add(new IngestRecord { Input = "test-udp", Fields = new JsonObject { ["message"] = text } });
        }
    }
}
