using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Console.Ingest.Queue;
using Console.Shared.Events;

namespace Console.Ingest.Tests.Queue;

public class QueueRecordCodecTests
{
    [Fact]
    public void Writing_a_record_returns_the_event_as_queued_with_its_source_json_for_the_store()
    {
        var source = (JsonObject)JsonNode.Parse("""{"@timestamp":"2026-11-23T10:00:00Z","message":"caf\u00e9 \"quoted\"","n":[1,2.5,{"deep":true}]}""")!;
        var logEvent = new LogEvent("id-1", "thebot-logs-2026.11.23", new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero), source);
        var record = new ArrayBufferWriter<byte>();

        var queued = QueueRecordCodec.Write(logEvent, new ArrayBufferWriter<byte>(), record);

        Assert.True(JsonNode.DeepEquals(source, JsonNode.Parse(queued.SourceJson)));
        Assert.Equal((logEvent.Id, logEvent.Index, logEvent.Timestamp, false), (queued.Id, queued.Index, queued.Timestamp, queued.MayExist));
        var forStore = queued.ToLogEvent();
        Assert.True(JsonNode.DeepEquals(source, forStore.Source));
        Assert.Equal(queued.SourceJson, forStore.SourceJson!.Value.ToArray());
        Assert.True(QueueRecordCodec.TryRead(record.WrittenSpan, replayed: true, out var read, out var consumed));
        Assert.Equal(record.WrittenCount, consumed);
        Assert.Equal(queued.SourceJson, read!.SourceJson);
        Assert.Equal(("id-1", "thebot-logs-2026.11.23", logEvent.Timestamp), (read.Id, read.Index, read.Timestamp));
        Assert.True(read.MayExist, "a replayed event may already be in the store");
    }

    [Fact]
    public void A_writer_kept_for_every_record_allocates_only_the_queued_event_and_its_source_json()
    {
        var scratch = new ArrayBufferWriter<byte>(4096);
        var record = new ArrayBufferWriter<byte>(64 * 1024);
        using var writer = new Utf8JsonWriter(scratch);
        QueueRecordCodec.Write(Event("id-1", "first"), writer, scratch, record);
        var second = Event("id-2", "second");

        var before = GC.GetAllocatedBytesForCurrentThread();
        var queued = QueueRecordCodec.Write(second, writer, scratch, record);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The kept source JSON is one byte array (its bytes plus the array's header), and the queued event around it.
        Assert.InRange(allocated, queued.SourceJson.Length, queued.SourceJson.Length + 32 + 64);
    }

    [Fact]
    public void A_kept_writer_left_half_way_by_a_record_that_cannot_be_written_writes_the_next_record_whole()
    {
        var scratch = new ArrayBufferWriter<byte>();
        var record = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(scratch);
        var unwritable = Event("id-1", "cut off by a number JSON cannot hold");
        unwritable.Source["duration_ms"] = double.NaN;
        Assert.ThrowsAny<ArgumentException>(() => QueueRecordCodec.Write(unwritable, writer, scratch, record));
        var next = Event("id-2", "next");

        QueueRecordCodec.Write(next, writer, scratch, record);

        Assert.True(QueueRecordCodec.TryRead(record.WrittenSpan, replayed: true, out var read, out var consumed));
        Assert.Equal(record.WrittenCount, consumed);
        Assert.Equal("id-2", read!.Id);
        Assert.True(JsonNode.DeepEquals(next.Source, read.ToLogEvent().Source));
    }

    private static LogEvent Event(string id, string message) =>
        new(id, "thebot-logs-2026.11.23", new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero),
            new JsonObject { ["@timestamp"] = "2026-11-23T10:00:00.000Z", ["message"] = message });
}
