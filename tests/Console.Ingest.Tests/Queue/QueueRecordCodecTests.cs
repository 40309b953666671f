using System.Buffers;
using System.Text.Json.Nodes;
using Console.Ingest.Queue;
using Console.Shared.Events;

namespace Console.Ingest.Tests.Queue;

public class QueueRecordCodecTests
{
    [Fact]
    public void Writing_a_record_keeps_the_source_json_on_the_event_for_the_store()
    {
        var source = (JsonObject)JsonNode.Parse("""{"@timestamp":"2026-11-23T10:00:00Z","message":"caf\u00e9 \"quoted\"","n":[1,2.5,{"deep":true}]}""")!;
        var logEvent = new LogEvent("id-1", "thebot-logs-2026.11.23", new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero), source);
        var record = new ArrayBufferWriter<byte>();

        QueueRecordCodec.Write(logEvent, new ArrayBufferWriter<byte>(), record);

        var kept = Assert.NotNull(logEvent.SourceJson);
        Assert.True(JsonNode.DeepEquals(source, JsonNode.Parse(kept.AsSpan())));
        Assert.True(QueueRecordCodec.TryRead(record.WrittenSpan, out var read, out var consumed));
        Assert.Equal(record.WrittenCount, consumed);
        Assert.True(JsonNode.DeepEquals(source, read!.Source));
        Assert.Equal(("id-1", "thebot-logs-2026.11.23", logEvent.Timestamp), (read.Id, read.Index, read.Timestamp));
    }
}
