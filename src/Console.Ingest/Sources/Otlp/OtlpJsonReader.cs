using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Console.Shared.Events;

namespace Console.Ingest.Sources.Otlp;

/// <summary>
/// Reads an <c>ExportLogsServiceRequest</c> in OTLP/JSON: lowerCamelCase names (snake_case accepted too), 64-bit
/// integers as strings or numbers, trace and span ids as hex, enums as numbers or their names. Unknown fields are
/// ignored, as the spec asks; a wrong shape throws <see cref="OtlpFormatException"/>.
/// </summary>
internal static class OtlpJsonReader
{
    private const int MaxDepth = 96;

    public static List<OtlpLogRecord> Read(ReadOnlyMemory<byte> request)
    {
        JsonDocument document;
        try
        {
            // "\ud800" parses but cannot be read back as a string: kept as U+FFFD instead, as NDJSON does (see LoneSurrogates).
            document = JsonDocument.Parse(LoneSurrogates.Repaired(request), new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException ex)
        {
            throw new OtlpFormatException($"invalid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new OtlpFormatException("the body must be a JSON object (ExportLogsServiceRequest)");
            }

            var records = new List<OtlpLogRecord>();
            foreach (var resourceLogs in Array(root, "resourceLogs", "resource_logs"))
            {
                var resource = Property(resourceLogs, "resource") is { ValueKind: JsonValueKind.Object } r
                    ? new OtlpScope(null, null, Attributes(r))
                    : OtlpScope.None;
                foreach (var scopeLogs in Array(resourceLogs, "scopeLogs", "scope_logs"))
                {
                    var scope = Property(scopeLogs, "scope") is { ValueKind: JsonValueKind.Object } s
                        ? new OtlpScope(String(s, "name"), String(s, "version"), Attributes(s))
                        : OtlpScope.None;
                    foreach (var logRecord in Array(scopeLogs, "logRecords", "log_records"))
                    {
                        records.Add(ReadLogRecord(logRecord, resource, scope));
                    }
                }
            }

            return records;
        }
    }

    private static OtlpLogRecord ReadLogRecord(JsonElement element, OtlpScope resource, OtlpScope scope)
    {
        var record = new OtlpLogRecord
        {
            Resource = resource,
            Scope = scope,
            TimeUnixNano = UInt64(element, "timeUnixNano", "time_unix_nano"),
            ObservedTimeUnixNano = UInt64(element, "observedTimeUnixNano", "observed_time_unix_nano"),
            SeverityNumber = Severity(element),
            SeverityText = String(element, "severityText", "severity_text"),
            Body = Property(element, "body") is { ValueKind: JsonValueKind.Object } body ? AnyValue(body) : null,
            TraceId = OtlpIds.FromHex(String(element, "traceId", "trace_id"), 16, "traceId"),
            SpanId = OtlpIds.FromHex(String(element, "spanId", "span_id"), 8, "spanId"),
            EventName = String(element, "eventName", "event_name"),
        };
        record.Attributes.AddRange(Attributes(element));
        return record;
    }

    private static OtlpAttributes Attributes(JsonElement owner)
    {
        var attributes = new OtlpAttributes();
        foreach (var item in Array(owner, "attributes"))
        {
            attributes.Add(KeyValue(item));
        }

        return attributes;
    }

    private static KeyValuePair<string, JsonNode?> KeyValue(JsonElement item)
    {
        var key = String(item, "key") ?? throw new OtlpFormatException("an attribute has no key");
        var value = Property(item, "value") is { ValueKind: JsonValueKind.Object } v ? AnyValue(v) : null;
        return new(key, value);
    }

    private static JsonNode? AnyValue(JsonElement value)
    {
        foreach (var property in value.EnumerateObject())
        {
            var v = property.Value;
            switch (property.Name)
            {
                case "stringValue" or "string_value":
                    return JsonValue.Create(v.ValueKind == JsonValueKind.String ? v.GetString() : throw Shape("stringValue", "a string"));
                case "boolValue" or "bool_value":
                    return JsonValue.Create(v.ValueKind switch
                    {
                        JsonValueKind.True => true,
                        JsonValueKind.False => false,
                        _ => throw Shape("boolValue", "true or false"),
                    });
                case "intValue" or "int_value":
                    return JsonValue.Create(Int64(v, "intValue"));
                case "doubleValue" or "double_value":
                    return OtlpValues.FromDouble(Double(v));
                case "arrayValue" or "array_value":
                    var array = new JsonArray();
                    foreach (var item in Array(v, "values"))
                    {
                        array.Add(item.ValueKind == JsonValueKind.Object ? AnyValue(item) : throw Shape("arrayValue.values", "objects"));
                    }

                    return array;
                case "kvlistValue" or "kvlist_value":
                    var list = new JsonObject();
                    foreach (var item in Array(v, "values"))
                    {
                        var (key, inner) = KeyValue(item);
                        list[key] = inner;
                    }

                    return list;
                case "bytesValue" or "bytes_value":
                    return JsonValue.Create(v.ValueKind == JsonValueKind.String ? v.GetString() : throw Shape("bytesValue", "a base64 string"));
            }
        }

        return null;
    }

    private static int Severity(JsonElement element)
    {
        var value = Property(element, "severityNumber", "severity_number");
        if (value is not { } v || v.ValueKind == JsonValueKind.Null)
        {
            return 0;
        }

        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var number))
        {
            return number;
        }

        if (v.ValueKind == JsonValueKind.String && v.GetString() is { } name)
        {
            // Enum names are allowed in JSON: SEVERITY_NUMBER_INFO2.
            var suffix = name.StartsWith("SEVERITY_NUMBER_", StringComparison.Ordinal) ? name["SEVERITY_NUMBER_".Length..] : name;
            return OtlpSeverity.FromName(suffix) ?? throw Shape("severityNumber", "a number or a SEVERITY_NUMBER_ name");
        }

        throw Shape("severityNumber", "a number");
    }

    private static ulong UInt64(JsonElement element, params string[] names)
    {
        var value = Property(element, names);
        if (value is not { } v || v.ValueKind == JsonValueKind.Null)
        {
            return 0;
        }

        if ((v.ValueKind == JsonValueKind.Number && v.TryGetUInt64(out var number)) ||
            (v.ValueKind == JsonValueKind.String && ulong.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out number)))
        {
            return number;
        }

        throw Shape(names[0], "an unsigned 64-bit integer (number or string)");
    }

    private static long Int64(JsonElement v, string name)
    {
        if ((v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var number)) ||
            (v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number)))
        {
            return number;
        }

        throw Shape(name, "a 64-bit integer (number or string)");
    }

    private static double Double(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Number => v.GetDouble(),
        JsonValueKind.String when v.GetString() is "NaN" => double.NaN,
        JsonValueKind.String when v.GetString() is "Infinity" => double.PositiveInfinity,
        JsonValueKind.String when v.GetString() is "-Infinity" => double.NegativeInfinity,
        _ => throw Shape("doubleValue", "a number"),
    };

    private static IEnumerable<JsonElement> Array(JsonElement owner, params string[] names)
    {
        if (Property(owner, names) is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            yield break;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Shape(names[0], "an array");
        }

        foreach (var item in value.EnumerateArray())
        {
            yield return item;
        }
    }

    private static string? String(JsonElement owner, params string[] names) => Property(owner, names) switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        null or { ValueKind: JsonValueKind.Null } => null,
        _ => throw Shape(names[0], "a string"),
    };

    private static JsonElement? Property(JsonElement owner, params string[] names)
    {
        if (owner.ValueKind != JsonValueKind.Object)
        {
            throw new OtlpFormatException($"expected an object where '{names[0]}' is read, found {owner.ValueKind}");
        }

        foreach (var name in names)
        {
            if (owner.TryGetProperty(name, out var value))
            {
                return value;
            }
        }

        return null;
    }

    private static OtlpFormatException Shape(string field, string expected) => new($"'{field}' must be {expected}");
}
