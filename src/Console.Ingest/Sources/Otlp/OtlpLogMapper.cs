using System.Text.Json.Nodes;
using Console.Ingest.Decoding;
using Console.Ingest.Parsing;
using Console.Shared.Events;

namespace Console.Ingest.Sources.Otlp;

/// <summary>
/// Turns an OTLP log record into an event of the schema: resource, scope and record attributes as fields (dotted keys
/// nested, the record's own winning), <c>service.name</c> → <c>service</c>, the scope's name (an ILogger category) →
/// <c>logger</c>, severity → <c>log_level</c>, body → <c>message</c>, trace and span ids → <c>trace.id</c>/<c>span.id</c>,
/// the semantic-convention <c>exception.*</c> → <c>error.*</c>. A body that is a message template whose holes all name
/// attributes (what the .NET SDK sends without IncludeFormattedMessage) is rendered, and kept as <c>message_template</c>.
/// </summary>
internal static class OtlpLogMapper
{
    private const string OriginalFormat = "{OriginalFormat}";
    private const string MessageTemplate = "message_template";

    public static JsonObject Map(OtlpLogRecord record)
    {
        var fields = new JsonObject();
        // Resource and scope attributes are shared by every record under them, and a JSON node has one parent: copy them.
        foreach (var (key, value) in record.Resource.Attributes)
        {
            Put(fields, key, value?.DeepClone());
        }

        if (!string.IsNullOrEmpty(record.Scope.Name))
        {
            fields[LogSchema.Logger] = record.Scope.Name;
        }

        if (!string.IsNullOrEmpty(record.Scope.Version))
        {
            EventFields.Set(fields, ["otel", "scope", "version"], JsonValue.Create(record.Scope.Version));
        }

        foreach (var (key, value) in record.Scope.Attributes)
        {
            Put(fields, key, value?.DeepClone());
        }

        foreach (var (key, value) in record.Attributes)
        {
            Put(fields, key, value);
        }

        var time = record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano;
        if (time != 0)
        {
            fields[LogSchema.Timestamp] = TimestampParser.Format(FromUnixNanos(time));
        }

        if (record.ObservedTimeUnixNano != 0 && record.TimeUnixNano != 0)
        {
            EventFields.Set(fields, ["event", "created"], JsonValue.Create(TimestampParser.Format(FromUnixNanos(record.ObservedTimeUnixNano))));
        }

        if (OtlpSeverity.ToLevel(record.SeverityNumber, record.SeverityText) is { } level)
        {
            fields[LogSchema.Level] = level;
        }

        SetMessage(fields, record.Body);

        if (record.TraceId is not null)
        {
            EventFields.Set(fields, ["trace", "id"], JsonValue.Create(record.TraceId));
        }

        if (record.SpanId is not null)
        {
            EventFields.Set(fields, ["span", "id"], JsonValue.Create(record.SpanId));
        }

        if (!string.IsNullOrEmpty(record.EventName))
        {
            EventFields.Set(fields, ["event", "name"], JsonValue.Create(record.EventName));
        }

        return fields;
    }

    private static void SetMessage(JsonObject fields, JsonNode? body)
    {
        switch (body)
        {
            case null:
                return;
            case JsonValue value when value.TryGetValue(out string? text):
                if (text.Contains('{', StringComparison.Ordinal))
                {
                    var rendered = MessageTemplateRenderer.Render(text, fields, null, out var holes, out var resolved);
                    if (holes > 0 && resolved == holes)
                    {
                        fields[MessageTemplate] ??= text;
                        text = rendered;
                    }
                }

                fields[LogSchema.Message] = text;
                return;
            default:
                // A structured body: searchable as text, its parts readable in the document.
                fields[LogSchema.Message] = body.ToJsonString();
                return;
        }
    }

    private static void Put(JsonObject fields, string key, JsonNode? value)
    {
        if (value is null || key.Length == 0)
        {
            return;
        }

        switch (key)
        {
            case "service.name":
                if (fields[LogSchema.Service] is JsonObject others)
                {
                    // service.version came first and made "service" an object: keep its parts under their dotted names.
                    fields.Remove(LogSchema.Service);
                    foreach (var (name, part) in others.ToList())
                    {
                        others.Remove(name);
                        fields[LogSchema.Service + "." + name] = part;
                    }
                }

                fields[LogSchema.Service] = value is JsonValue v && v.TryGetValue(out string? service) ? service : value.ToJsonString();
                return;
            case OriginalFormat:
                fields[MessageTemplate] = value;
                return;
            case "exception.type":
                EventFields.Set(fields, ["error", "type"], value);
                return;
            case "exception.message":
                EventFields.Set(fields, ["error", "message"], value);
                return;
            case "exception.stacktrace":
                EventFields.Set(fields, ["error", "stack_trace"], value);
                return;
        }

        var path = key.Split('.');
        if (LogSchema.IsReserved(path[0]) || path.Any(segment => segment.Length == 0))
        {
            // "_id" and the like belong to the store, and "a..b" has no nested form: keep them readable under attributes.
            EventFields.Set(fields, ["attributes", key], value);
            return;
        }

        EventFields.Set(fields, path, value);
    }

    private static DateTimeOffset FromUnixNanos(ulong nanos)
    {
        // Ticks are 100 ns; anything past DateTimeOffset's range is clamped rather than refused.
        var ticks = nanos / 100;
        var max = (ulong)(DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks);
        return DateTimeOffset.UnixEpoch.AddTicks((long)Math.Min(ticks, max));
    }
}
