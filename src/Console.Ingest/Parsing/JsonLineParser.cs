using System.Buffers;
using System.Text;
using System.Text.Json;
using Console.Shared.Events;
using System.Text.Json.Nodes;

namespace Console.Ingest.Parsing;

/// <summary>
/// For files of JSON lines (python-json-logger, the Django config's JSON files, any structured logger): the line in
/// <c>message</c> is a JSON object whose fields become the event's, so the normaliser maps them like port 5000's.
/// </summary>
internal sealed class JsonLineParser : ILogParser
{
    public const string ParserName = "json";

    public string Name => ParserName;

    public ParseOutcome Parse(JsonObject fields)
    {
        if (fields["message"] is not JsonValue message || !message.TryGetValue(out string? line))
        {
            return ParseOutcome.Failed;
        }

        JsonObject? parsed;
        try
        {
            // "\ud800" parses but cannot be read back or written: kept as U+FFFD instead, as NDJSON does (see LoneSurrogates).
            var utf8 = Encoding.UTF8.GetBytes(line);
            parsed = JsonNode.Parse(LoneSurrogates.RepairEscapes(utf8) ?? utf8) as JsonObject;
        }
        catch (JsonException)
        {
            return ParseOutcome.Failed;
        }

        if (parsed is null)
        {
            return ParseOutcome.Failed;
        }

        fields.Remove("message");

        // The line's nodes move to the event: taken out of the parsed object all at once (Clear detaches them), not
        // one Remove at a time from its front, which shifted the rest each time and needed a copied list per line.
        var count = parsed.Count;
        var properties = ArrayPool<KeyValuePair<string, JsonNode?>>.Shared.Rent(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                properties[i] = parsed.GetAt(i);
            }

            parsed.Clear();
            for (var i = 0; i < count; i++)
            {
                var (key, value) = properties[i];
                // What the source added (log.file.path, offset) stays; the line's own fields win otherwise.
                if (key != "log" || !fields.ContainsKey("log"))
                {
                    fields[key] = value;
                }
            }
        }
        finally
        {
            ArrayPool<KeyValuePair<string, JsonNode?>>.Shared.Return(properties, clearArray: true);
        }

        return ParseOutcome.Parsed;
    }
}
