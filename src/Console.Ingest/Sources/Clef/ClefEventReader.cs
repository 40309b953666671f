using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Console.Ingest.Decoding;
using Console.Ingest.Parsing;
using Console.Shared.Events;

namespace Console.Ingest.Sources.Clef;

/// <summary>
/// Reads one CLEF event (Serilog's compact JSON, as Seq ingests it) into an event of the schema:
/// <c>@t</c> → <c>@timestamp</c> (required, as in Seq), <c>@m</c> → <c>message</c> or else <c>@mt</c> rendered with the
/// properties and <c>@r</c>, <c>@mt</c> kept as <c>message_template</c>, <c>@l</c> → <c>log_level</c> (Information when
/// absent), <c>@x</c> → <c>error.stack_trace</c> with <c>error.type</c>/<c>error.message</c> from its first line,
/// <c>@i</c> → <c>event_id</c>, <c>@tr</c>/<c>@sp</c> → <c>trace.id</c>/<c>span.id</c>. Every other property is a field
/// (<c>@@name</c> unescaped to <c>@name</c>); <c>SourceContext</c> becomes <c>logger</c>, and <c>Application</c> also
/// fills <c>service</c> when the event names none.
/// </summary>
public static class ClefEventReader
{
    /// <summary>Maps <paramref name="line"/> in place into the event's fields; null and a reason when the event is refused.</summary>
    public static JsonObject? Read(JsonObject line, out string? rejection)
    {
        ArgumentNullException.ThrowIfNull(line);
        rejection = null;
        if (!TryString(line, "@t", out var time, ref rejection) || time is null)
        {
            rejection ??= "@t (the event's time) is required";
            return null;
        }

        if (!TimestampParser.TryParse(time, out var timestamp))
        {
            rejection = $"@t '{Shorten(time)}' is not an ISO 8601 time";
            return null;
        }

        if (!TryString(line, "@m", out var message, ref rejection) || !TryString(line, "@mt", out var template, ref rejection) ||
            !TryString(line, "@l", out var level, ref rejection) || !TryString(line, "@x", out var exception, ref rejection) ||
            !TryString(line, "@tr", out var traceId, ref rejection) || !TryString(line, "@sp", out var spanId, ref rejection))
        {
            return null;
        }

        List<string>? renderings = null;
        if (line["@r"] is { } r)
        {
            if (r is not JsonArray array || array.Any(item => item is not JsonValue v || v.GetValueKind() != JsonValueKind.String))
            {
                rejection = "@r must be an array of strings";
                return null;
            }

            renderings = array.Select(item => item!.GetValue<string>()).ToList();
        }

        var eventId = line["@i"] switch
        {
            null => null,
            JsonValue v when v.TryGetValue(out string? text) => text,
            JsonValue v when v.TryGetValue(out uint number) => number.ToString("x8", CultureInfo.InvariantCulture),
            _ => null,
        };

        var fields = new JsonObject();
        foreach (var (name, value) in line.ToList())
        {
            if (name.StartsWith("@@", StringComparison.Ordinal))
            {
                line.Remove(name);
                fields[name[1..]] = value;
            }
            else if (!name.StartsWith('@'))
            {
                line.Remove(name);
                fields[LogSchema.IsReserved(name) ? "attributes." + name : name] = value;
            }
        }

        if (message is null && template is not null)
        {
            message = MessageTemplateRenderer.Render(template, fields, renderings, out _, out _);
        }

        fields[LogSchema.Timestamp] = TimestampParser.Format(timestamp);
        if (message is not null)
        {
            fields[LogSchema.Message] = message;
        }

        if (template is not null)
        {
            fields["message_template"] = template;
        }

        fields[LogSchema.Level] = LogLevels.Normalize(string.IsNullOrWhiteSpace(level) ? "Information" : level);
        if (!string.IsNullOrEmpty(exception))
        {
            SetException(fields, exception);
        }

        if (eventId is not null)
        {
            fields["event_id"] = eventId;
        }

        if (!string.IsNullOrEmpty(traceId))
        {
            EventFields.Set(fields, ["trace", "id"], JsonValue.Create(traceId));
        }

        if (!string.IsNullOrEmpty(spanId))
        {
            EventFields.Set(fields, ["span", "id"], JsonValue.Create(spanId));
        }

        if (fields["SourceContext"] is JsonValue context && context.TryGetValue(out string? logger) && !fields.ContainsKey(LogSchema.Logger))
        {
            fields.Remove("SourceContext");
            fields[LogSchema.Logger] = logger;
        }

        if (!fields.ContainsKey(LogSchema.Service) && fields["Application"] is JsonValue application && application.TryGetValue(out string? service))
        {
            fields[LogSchema.Service] = service;
        }

        return fields;
    }

    private static void SetException(JsonObject fields, string exception)
    {
        EventFields.Set(fields, ["error", "stack_trace"], JsonValue.Create(exception));
        // .NET's Exception.ToString(): "System.InvalidOperationException: the message\n   at ...".
        var firstLine = exception.AsSpan();
        var end = firstLine.IndexOfAny('\r', '\n');
        if (end >= 0)
        {
            firstLine = firstLine[..end];
        }

        var colon = firstLine.IndexOf(": ", StringComparison.Ordinal);
        var type = colon > 0 ? firstLine[..colon] : firstLine;
        if (!type.IsEmpty && !type.Contains(' '))
        {
            EventFields.Set(fields, ["error", "type"], JsonValue.Create(type.ToString()));
            if (colon > 0)
            {
                EventFields.Set(fields, ["error", "message"], JsonValue.Create(firstLine[(colon + 2)..].ToString()));
            }
        }
    }

    private static bool TryString(JsonObject line, string name, out string? value, ref string? rejection)
    {
        value = null;
        switch (line[name])
        {
            case null:
                return true;
            case JsonValue v when v.TryGetValue(out string? text):
                value = text;
                return true;
            default:
                rejection = $"{name} must be a string";
                return false;
        }
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
