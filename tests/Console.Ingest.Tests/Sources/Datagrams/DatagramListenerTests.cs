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
