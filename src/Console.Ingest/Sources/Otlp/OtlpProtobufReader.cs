using System.Text.Json.Nodes;

namespace Console.Ingest.Sources.Otlp;

/// <summary>
/// Reads an <c>ExportLogsServiceRequest</c> (opentelemetry/proto/collector/logs/v1) in the protobuf wire format, field
/// numbers as in the OTLP 1.x .proto files. Unknown fields are skipped; anything malformed throws
/// <see cref="OtlpFormatException"/>, since a broken frame makes every byte after it unreliable.
/// </summary>
internal static class OtlpProtobufReader
{
    // Attribute values nest (arrays of kvlists of arrays...); deeper than this is refused rather than recursed into.
    private const int MaxValueDepth = 32;

    public static List<OtlpLogRecord> Read(ReadOnlyMemory<byte> request)
    {
        var records = new List<OtlpLogRecord>();
        var reader = new ProtobufReader(request);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field == 1)
            {
                reader.Expect(wire, ProtobufReader.LengthDelimited, "ExportLogsServiceRequest.resource_logs");
                ReadResourceLogs(reader.ReadBytes(), records);
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return records;
    }

    private static void ReadResourceLogs(ReadOnlyMemory<byte> message, List<OtlpLogRecord> records)
    {
        // The resource may come after its scope_logs on the wire: find it first, then read the records under it.
        var resource = OtlpScope.None;
        var scopeLogs = new List<ReadOnlyMemory<byte>>();
        var reader = new ProtobufReader(message);
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(wire, ProtobufReader.LengthDelimited, "ResourceLogs.resource");
                    resource = ReadResource(reader.ReadBytes());
                    break;
                case 2:
                    reader.Expect(wire, ProtobufReader.LengthDelimited, "ResourceLogs.scope_logs");
                    scopeLogs.Add(reader.ReadBytes());
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        foreach (var scope in scopeLogs)
        {
            ReadScopeLogs(scope, resource, records);
        }
    }

    private static OtlpScope ReadResource(ReadOnlyMemory<byte> message)
    {
        var attributes = new OtlpAttributes();
        var reader = new ProtobufReader(message);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field == 1)
            {
                reader.Expect(wire, ProtobufReader.LengthDelimited, "Resource.attributes");
                attributes.Add(ReadKeyValue(reader.ReadBytes(), 0));
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return new OtlpScope(null, null, attributes);
    }

    private static void ReadScopeLogs(ReadOnlyMemory<byte> message, OtlpScope resource, List<OtlpLogRecord> records)
    {
        var scope = OtlpScope.None;
        var logRecords = new List<ReadOnlyMemory<byte>>();
        var reader = new ProtobufReader(message);
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(wire, ProtobufReader.LengthDelimited, "ScopeLogs.scope");
                    scope = ReadScope(reader.ReadBytes());
                    break;
                case 2:
                    reader.Expect(wire, ProtobufReader.LengthDelimited, "ScopeLogs.log_records");
                    logRecords.Add(reader.ReadBytes());
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        foreach (var record in logRecords)
        {
            records.Add(ReadLogRecord(record, resource, scope));
        }
    }

    private static OtlpScope ReadScope(ReadOnlyMemory<byte> message)
    {
        string? name = null;
        string? version = null;
        var attributes = new OtlpAttributes();
        var reader = new ProtobufReader(message);
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(wire, ProtobufReader.LengthDelimited, "InstrumentationScope.name");
                    name = reader.ReadString();
                    break;
                case 2:
                    reader.Expect(wire, ProtobufReader.LengthDelimited, "InstrumentationScope.version");
                    version = reader.ReadString();
                    break;
                case 3:
                    reader.Expect(wire, ProtobufReader.LengthDelimited, "InstrumentationScope.attributes");
                    attributes.Add(ReadKeyValue(reader.ReadBytes(), 0));
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return new OtlpScope(name, version, attributes);
    }

    private static OtlpLogRecord ReadLogRecord(ReadOnlyMemory<byte> message, OtlpScope resource, OtlpScope scope)
    {
        var record = new OtlpLogRecord { Resource = resource, Scope = scope };
        var reader = new ProtobufReader(message);
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(wire, ProtobufReader.Fixed64, "LogRecord.time_unix_nano");
                    record.TimeUnixNano = reader.ReadFixed64();
                    break;
                case 11:
                    reader.Expect(wire, ProtobufReader.Fixed64, "LogRecord.observed_time_unix_nano");
                    record.ObservedTimeUnixNano = reader.ReadFixed64();
                    break;
                case 2:
                    reader.Expect(wire, ProtobufReader.Varint, "LogRecord.severity_number");
                    record.SeverityNumber = (int)Math.Min(reader.ReadVarint(), int.MaxValue);
                    break;
                case 3:
                    reader.Expect(wire, ProtobufReader.LengthDelimited, "LogRecord.severity_text");
                    record.SeverityText = reader.ReadString();
                    break;
                case 5:
                    reader.Expect(wire, ProtobufReader.LengthDelimited, "LogRecord.body");
                    record.Body = ReadAnyValue(reader.ReadBytes(), 0);
                    break;
                case 6:
                    reader.Expect(wire, ProtobufReader.LengthDelimited, "LogRecord.attributes");
                    record.Attributes.Add(ReadKeyValue(reader.ReadBytes(), 0));
                    break;
                case 9:
                    reader.Expect(wire, ProtobufReader.LengthDelimited, "LogRecord.trace_id");
                    record.TraceId = OtlpIds.ToHex(reader.ReadBytes().Span, 16, "trace_id");
                    break;
                case 10:
                    reader.Expect(wire, ProtobufReader.LengthDelimited, "LogRecord.span_id");
                    record.SpanId = OtlpIds.ToHex(reader.ReadBytes().Span, 8, "span_id");
                    break;
                case 12:
                    reader.Expect(wire, ProtobufReader.LengthDelimited, "LogRecord.event_name");
                    record.EventName = reader.ReadString();
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return record;
    }

    private static KeyValuePair<string, JsonNode?> ReadKeyValue(ReadOnlyMemory<byte> message, int depth)
    {
        var key = string.Empty;
        JsonNode? value = null;
        var reader = new ProtobufReader(message);
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(wire, ProtobufReader.LengthDelimited, "KeyValue.key");
                    key = reader.ReadString();
                    break;
                case 2:
                    reader.Expect(wire, ProtobufReader.LengthDelimited, "KeyValue.value");
                    value = ReadAnyValue(reader.ReadBytes(), depth + 1);
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return new(key, value);
    }

    private static JsonNode? ReadAnyValue(ReadOnlyMemory<byte> message, int depth)
    {
        if (depth > MaxValueDepth)
        {
            throw new OtlpFormatException($"attribute values nested deeper than {MaxValueDepth} levels");
        }

        JsonNode? value = null;
        var reader = new ProtobufReader(message);
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(wire, ProtobufReader.LengthDelimited, "AnyValue.string_value");
                    value = JsonValue.Create(reader.ReadString());
                    break;
                case 2:
                    reader.Expect(wire, ProtobufReader.Varint, "AnyValue.bool_value");
                    value = JsonValue.Create(reader.ReadVarint() != 0);
                    break;
                case 3:
                    reader.Expect(wire, ProtobufReader.Varint, "AnyValue.int_value");
                    value = JsonValue.Create(unchecked((long)reader.ReadVarint()));
                    break;
                case 4:
                    reader.Expect(wire, ProtobufReader.Fixed64, "AnyValue.double_value");
                    value = OtlpValues.FromDouble(BitConverter.UInt64BitsToDouble(reader.ReadFixed64()));
                    break;
                case 5:
                    reader.Expect(wire, ProtobufReader.LengthDelimited, "AnyValue.array_value");
                    value = ReadArray(reader.ReadBytes(), depth);
                    break;
                case 6:
                    reader.Expect(wire, ProtobufReader.LengthDelimited, "AnyValue.kvlist_value");
                    value = ReadKeyValueList(reader.ReadBytes(), depth);
                    break;
                case 7:
                    reader.Expect(wire, ProtobufReader.LengthDelimited, "AnyValue.bytes_value");
                    value = JsonValue.Create(Convert.ToBase64String(reader.ReadBytes().Span));
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return value;
    }

    private static JsonArray ReadArray(ReadOnlyMemory<byte> message, int depth)
    {
        var array = new JsonArray();
        var reader = new ProtobufReader(message);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field == 1)
            {
                reader.Expect(wire, ProtobufReader.LengthDelimited, "ArrayValue.values");
                array.Add(ReadAnyValue(reader.ReadBytes(), depth + 1));
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return array;
    }

    private static JsonObject ReadKeyValueList(ReadOnlyMemory<byte> message, int depth)
    {
        var list = new JsonObject();
        var reader = new ProtobufReader(message);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field == 1)
            {
                reader.Expect(wire, ProtobufReader.LengthDelimited, "KeyValueList.values");
                var (key, value) = ReadKeyValue(reader.ReadBytes(), depth + 1);
                list[key] = value;
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return list;
    }
}
