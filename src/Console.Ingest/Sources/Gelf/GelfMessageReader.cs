using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Console.Shared.Events;

namespace Console.Ingest.Sources.Gelf;

/// <summary>
/// Reads one GELF message (a TCP frame, a datagram, or reassembled chunks): gzip or zlib compressed or plain JSON,
/// detected by its first bytes as Graylog does. Maps <c>short_message</c> → <c>message</c> (<c>full_message</c> kept,
/// and the message when there is no short one), <c>host</c> → <c>host.name</c> (the sender's address when absent),
/// <c>timestamp</c> (UNIX seconds with fractions) → <c>@timestamp</c>, <c>level</c> (syslog severity 0–7) →
/// <c>log_level</c>, and each <c>_name</c> additional field → <c>name</c>; <c>_id</c> is dropped, as Graylog drops it.
/// Never throws: a message it cannot read is refused with the reason.
/// </summary>
public static class GelfMessageReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    public static JsonObject? Read(ReadOnlySpan<byte> payload, int maxMessageBytes, string? sender, out string? rejection)
    {
        rejection = null;
        byte[]? inflated = null;
        if (payload.Length >= 2 && payload[0] == 0x1f && payload[1] == 0x8b)
        {
            inflated = Inflate(payload, gzip: true, maxMessageBytes, out rejection);
        }
        else if (payload.Length >= 2 && payload[0] == 0x78 && (payload[0] << 8 | payload[1]) % 31 == 0)
        {
            // A zlib header: CMF 0x78 (deflate, 32K window) and a check byte that makes the pair a multiple of 31.
            inflated = Inflate(payload, gzip: false, maxMessageBytes, out rejection);
        }
        else if (payload.Length > maxMessageBytes)
        {
            rejection = string.Create(CultureInfo.InvariantCulture, $"message of {payload.Length} bytes is longer than MaxMessageBytes ({maxMessageBytes})");
        }

        if (rejection is not null)
        {
            return null;
        }

        JsonObject? message;
        try
        {
            // "\ud800" parses but cannot be read back or written: kept as U+FFFD instead, as NDJSON does (see LoneSurrogates).
            var json = inflated is null ? payload : inflated;
            message = (LoneSurrogates.RepairEscapes(json) is { } repaired
                ? JsonNode.Parse(repaired, documentOptions: DocumentOptions)
                : JsonNode.Parse(json, documentOptions: DocumentOptions)) as JsonObject;
        }
        catch (JsonException ex)
        {
            rejection = $"invalid JSON: {ex.Message}";
            return null;
        }

        if (message is null)
        {
            rejection = "a GELF message must be a JSON object";
            return null;
        }

        return Map(message, sender, out rejection);
    }

    private static JsonObject? Map(JsonObject message, string? sender, out string? rejection)
    {
        rejection = null;
        var shortMessage = Text(message, "short_message");
        var fullMessage = Text(message, "full_message");
        if (string.IsNullOrEmpty(shortMessage) && string.IsNullOrEmpty(fullMessage))
        {
            rejection = "short_message is required";
            return null;
        }

        var host = Text(message, "host") ?? sender;
        var timestamp = message["timestamp"] as JsonValue;
        var level = message["level"] as JsonValue;
        var fields = new JsonObject();
        foreach (var (name, value) in message.ToList())
        {
            message.Remove(name);
            switch (name)
            {
                case "version" or "short_message" or "full_message" or "host" or "timestamp" or "level":
                    continue;
                case "_id":
                    continue;
            }

            var field = name.StartsWith('_') ? name[1..] : name;
            if (field.Length == 0 || LogSchema.IsReserved(field))
            {
                continue;
            }

            fields[field] = value;
        }

        fields[LogSchema.Message] = string.IsNullOrEmpty(shortMessage) ? fullMessage : shortMessage;
        if (!string.IsNullOrEmpty(fullMessage) && !string.IsNullOrEmpty(shortMessage))
        {
            fields["full_message"] = fullMessage;
        }

        if (!string.IsNullOrEmpty(host))
        {
            fields["host"] = new JsonObject { ["name"] = host };
        }

        if (timestamp is not null && TryReadSeconds(timestamp, out var time))
        {
            fields[LogSchema.Timestamp] = TimestampParser.Format(time);
        }

        if (level is not null && TryReadLevel(level, out var severity))
        {
            fields[LogSchema.Level] = severity switch
            {
                <= 2 => LogLevels.Critical,
                3 => LogLevels.Error,
                4 => LogLevels.Warning,
                5 or 6 => LogLevels.Info,
                _ => LogLevels.Debug,
            };
        }

        return fields;
    }

    private static byte[]? Inflate(ReadOnlySpan<byte> payload, bool gzip, int maxMessageBytes, out string? rejection)
    {
        rejection = null;
        try
        {
            using var input = new MemoryStream(payload.ToArray(), writable: false);
            using Stream inflater = gzip ? new GZipStream(input, CompressionMode.Decompress) : new ZLibStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = inflater.Read(buffer)) > 0)
            {
                if (output.Length + read > maxMessageBytes)
                {
                    rejection = string.Create(CultureInfo.InvariantCulture,
                        $"{(gzip ? "gzip" : "zlib")} message inflates to more than MaxMessageBytes ({maxMessageBytes})");
                    return null;
                }

                output.Write(buffer, 0, read);
            }

            if (output.Length == 0)
            {
                // .NET reads a cut-off stream as ending early rather than failing: nothing out of it means nothing usable in it.
                rejection = $"{(gzip ? "gzip" : "zlib")} data is corrupt or truncated: it inflates to nothing";
                return null;
            }

            return output.ToArray();
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            // zlib's own errors (a header asking for a preset dictionary, say) come as ZLibException, an IOException.
            rejection = $"{(gzip ? "gzip" : "zlib")} data is corrupt: {ex.Message}";
            return null;
        }
    }

    private static bool TryReadSeconds(JsonValue value, out DateTimeOffset time)
    {
        time = default;
        double seconds;
        if (value.GetValueKind() == JsonValueKind.Number)
        {
            seconds = value.GetValue<double>();
        }
        else if (!value.TryGetValue(out string? text) ||
                 !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out seconds))
        {
            return false;
        }

        if (!double.IsFinite(seconds) || seconds < 0 || seconds > 253402300799)
        {
            return false;
        }

        time = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
        return true;
    }

    private static bool TryReadLevel(JsonValue value, out int level)
    {
        level = 0;
        if (value.GetValueKind() == JsonValueKind.Number)
        {
            return value.TryGetValue(out level) && level >= 0;
        }

        return value.TryGetValue(out string? text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out level);
    }

    private static string? Text(JsonObject message, string name) => message[name] switch
    {
        JsonValue v when v.TryGetValue(out string? text) => text,
        JsonValue v => v.ToJsonString(),
        _ => null,
    };
}
