using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Console.Shared.Events;

namespace Console.Ingest.Queue;

/// <summary>
/// The on-disk record of one event: <c>[length u32][crc32c u32][JSON payload]</c>. The checksum finds a record torn by
/// a crash mid-write, so replay stops there instead of reading garbage.
/// </summary>
internal static class QueueRecordCodec
{
    public const int HeaderBytes = 8;

    /// <summary>
    /// Appends the record of <paramref name="logEvent"/> to <paramref name="into"/>; <paramref name="scratch"/> is reused
    /// between calls. The event's source JSON in the record is also kept on the event (<see cref="LogEvent.SourceJson"/>), so
    /// the store stores those bytes instead of serialising the event a second time.
    /// </summary>
    public static void Write(LogEvent logEvent, ArrayBufferWriter<byte> scratch, ArrayBufferWriter<byte> into)
    {
        using var writer = new Utf8JsonWriter(scratch);
        Write(logEvent, writer, scratch, into);
    }

    /// <summary>
    /// As <see cref="Write(LogEvent, ArrayBufferWriter{byte}, ArrayBufferWriter{byte})"/> with a writer the caller keeps for
    /// every record (the queue's write loop): a new writer per event was ~150 of the ~500 bytes the queue allocated per
    /// event. The writer is reset onto <paramref name="scratch"/> first, so one left half-way by a failed record is harmless.
    /// </summary>
    public static void Write(LogEvent logEvent, Utf8JsonWriter writer, ArrayBufferWriter<byte> scratch, ArrayBufferWriter<byte> into)
    {
        scratch.ResetWrittenCount();
        writer.Reset(scratch);
        writer.WriteStartObject();
        writer.WriteString("i", logEvent.Id);
        writer.WriteString("x", logEvent.Index);
        writer.WriteNumber("t", logEvent.Timestamp.ToUnixTimeMilliseconds());
        writer.WritePropertyName("s");
        writer.Flush();
        var sourceStart = scratch.WrittenCount;
        logEvent.Source.WriteTo(writer);
        writer.Flush();
        var sourceEnd = scratch.WrittenCount;
        writer.WriteEndObject();
        writer.Flush();

        var payload = scratch.WrittenSpan;
        var header = into.GetSpan(HeaderBytes);
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], Checksum(payload));
        into.Advance(HeaderBytes);
        into.Write(payload);
        logEvent.SourceJson = new ArraySegment<byte>(payload[sourceStart..sourceEnd].ToArray());
    }

    /// <summary>Reads one record; false at the end of the data or at a torn/corrupt record.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out LogEvent? logEvent, out int consumed)
    {
        logEvent = null;
        consumed = 0;
        if (data.Length < HeaderBytes)
        {
            return false;
        }

        var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(data);
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
        if (length <= 0 || length > data.Length - HeaderBytes)
        {
            return false;
        }

        var payload = data.Slice(HeaderBytes, length);
        if (Checksum(payload) != crc)
        {
            return false;
        }

        var root = JsonNode.Parse(payload) as JsonObject;
        if (root?["s"] is not JsonObject source || root["i"] is not JsonValue id || root["x"] is not JsonValue index || root["t"] is not JsonValue time)
        {
            return false;
        }

        root.Remove("s");
        // A replayed event may have been indexed before the crash: the store must replace, not add.
        logEvent = new LogEvent(id.GetValue<string>(), index.GetValue<string>(), DateTimeOffset.FromUnixTimeMilliseconds(time.GetValue<long>()), source) { MayExist = true };
        consumed = HeaderBytes + length;
        return true;
    }

    private static uint Checksum(ReadOnlySpan<byte> payload)
    {
        var crc = 0xFFFFFFFFu;
        var i = 0;
        for (; i + 8 <= payload.Length; i += 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(payload[i..]));
        }

        for (; i < payload.Length; i++)
        {
            crc = BitOperations.Crc32C(crc, payload[i]);
        }

        return ~crc;
    }
}
