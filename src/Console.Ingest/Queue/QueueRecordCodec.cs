using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Text.Json;
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
    /// between calls. Returns the event as it waits for the indexer: its source JSON from the record, which the store
    /// stores as it is instead of serialising the event a second time.
    /// </summary>
    public static QueuedEvent Write(LogEvent logEvent, ArrayBufferWriter<byte> scratch, ArrayBufferWriter<byte> into)
    {
        using var writer = new Utf8JsonWriter(scratch);
        return Write(logEvent, writer, scratch, into);
    }

    /// <summary>
    /// As <see cref="Write(LogEvent, ArrayBufferWriter{byte}, ArrayBufferWriter{byte})"/> with a writer the caller keeps for
    /// every record (the queue's write loop): a new writer per event was ~150 of the ~500 bytes the queue allocated per
    /// event. The writer is reset onto <paramref name="scratch"/> first, so one left half-way by a failed record is harmless.
    /// </summary>
    public static QueuedEvent Write(LogEvent logEvent, Utf8JsonWriter writer, ArrayBufferWriter<byte> scratch, ArrayBufferWriter<byte> into)
    {
        scratch.ResetWrittenCount();
        writer.Reset(scratch);
        writer.WriteStartObject();
        writer.WriteString("i", logEvent.Id);
        writer.WriteString("x", logEvent.Index);
        writer.WriteNumber("t", logEvent.Timestamp.ToUnixTimeMilliseconds());
        if (logEvent.MayExist)
        {
            // Read back for the indexer (a batch not held in memory), an event with an id its sender chose stays an upsert.
            writer.WriteBoolean("m", true);
        }

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
        return new QueuedEvent(logEvent.Id, logEvent.Index, logEvent.Timestamp, payload[sourceStart..sourceEnd].ToArray(), logEvent.MayExist);
    }

    /// <summary>
    /// Reads one record without parsing its source (only checking that it is a JSON object); false at the end of the data
    /// or at a torn/corrupt record. <paramref name="lastIndex"/> is the index name of the record before, shared when equal
    /// so that a replay of 100,000 events does not hold 100,000 copies of the same few names.
    /// </summary>
    /// <param name="replayed">Records read back after a restart: any of them may be in the store already.</param>
    public static bool TryRead(ReadOnlySpan<byte> data, bool replayed, out QueuedEvent? queued, out int consumed, string? lastIndex = null)
    {
        queued = null;
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

        string? id = null, index = null;
        long? time = null;
        byte[]? source = null;
        var mayExist = replayed;
        try
        {
            var reader = new Utf8JsonReader(payload);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueSpan;
                reader.Read();
                if (name.SequenceEqual("i"u8) && reader.TokenType == JsonTokenType.String)
                {
                    id = reader.GetString();
                }
                else if (name.SequenceEqual("x"u8) && reader.TokenType == JsonTokenType.String)
                {
                    index = lastIndex is not null && reader.ValueTextEquals(lastIndex) ? lastIndex : reader.GetString();
                }
                else if (name.SequenceEqual("t"u8) && reader.TokenType == JsonTokenType.Number)
                {
                    time = reader.GetInt64();
                }
                else if (name.SequenceEqual("m"u8) && reader.TokenType == JsonTokenType.True)
                {
                    mayExist = true;
                }
                else if (name.SequenceEqual("s"u8) && reader.TokenType == JsonTokenType.StartObject)
                {
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    source = payload[start..(int)reader.BytesConsumed].ToArray();
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return false;
        }

        if (id is null || index is null || time is not { } ms || source is null)
        {
            return false;
        }

        // A replayed event may have been indexed before the crash: the store must replace, not add.
        queued = new QueuedEvent(id, index, DateTimeOffset.FromUnixTimeMilliseconds(ms), source, mayExist);
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
