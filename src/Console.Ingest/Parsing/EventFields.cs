using System.Text.Json.Nodes;
using Console.Shared.Events;

namespace Console.Ingest.Parsing;

/// <summary>The few ways parsers touch an event's fields, kept in one place so every parser writes them alike.</summary>
internal static class EventFields
{
    public const string ParseFailureTag = "_grokparsefailure";
    public const string TimeoutTag = "_groktimeout";
    public const string DateFailureTag = "_dateparsefailure";
    private const string Tags = "tags";

    public static bool TryGetString(JsonObject fields, string name, out string text)
    {
        if (fields[name] is JsonValue value && value.TryGetValue(out string? found))
        {
            text = found;
            return true;
        }

        text = string.Empty;
        return false;
    }

    /// <summary>Writes <paramref name="value"/> at a nested path, creating the objects on the way.</summary>
    public static void Set(JsonObject root, string[] path, JsonNode value)
    {
        var parent = root;
        for (var i = 0; i < path.Length - 1; i++)
        {
            var key = path[i];
            if (parent[key] is JsonObject child)
            {
                parent = child;
                continue;
            }

            if (parent.ContainsKey(key))
            {
                // A plain value sits where an object should go (the input had "http": "x"): keep both by writing the
                // dotted name flat; the store indexes nested objects under the same dotted names anyway.
                root[string.Join('.', path)] = value;
                return;
            }

            var created = new JsonObject();
            parent[key] = created;
            parent = created;
        }

        parent[path[^1]] = value;
    }

    public static void Set(JsonObject root, string name, JsonNode value) => root[name] = value;

    public static void Set(JsonObject root, string parent, string name, JsonNode value)
    {
        // The common two-level case without a path array.
        if (root[parent] is JsonObject child)
        {
            child[name] = value;
        }
        else if (root.ContainsKey(parent))
        {
            root[$"{parent}.{name}"] = value;
        }
        else
        {
            root[parent] = new JsonObject { [name] = value };
        }
    }

    public static void Set(JsonObject root, string a, string b, string c, JsonNode value) => Set(root, [a, b, c], value);

    public static JsonNode? Get(JsonObject root, string parent, string name) =>
        root[parent] is JsonObject child ? child[name] : root[$"{parent}.{name}"];

    public static void SetIfAbsent(JsonObject root, string name, string value)
    {
        if (!root.ContainsKey(name))
        {
            root[name] = value;
        }
    }

    /// <summary>Stamps what the source is (<c>service</c>) unless the source already said, and the dataset (<c>nginx.access</c>).</summary>
    public static void SetOrigin(JsonObject fields, string service, string dataset)
    {
        SetIfAbsent(fields, LogSchema.Service, service);
        if (Get(fields, "event", "dataset") is null)
        {
            Set(fields, "event", "dataset", dataset);
        }
    }

    public static void SetTimestamp(JsonObject fields, DateTimeOffset timestamp) =>
        fields[LogSchema.Timestamp] = TimestampParser.Format(timestamp);

    public static void SetLevel(JsonObject fields, string level) => fields[LogSchema.Level] = level;

    /// <summary>Before <c>message</c> is replaced by the message part of a line, keeps the raw line in <c>event.original</c>.</summary>
    public static void KeepOriginal(JsonObject fields)
    {
        if (fields[LogSchema.Message] is JsonValue message && Get(fields, "event", "original") is null)
        {
            Set(fields, "event", "original", message.DeepClone());
        }
    }

    /// <summary>Adds <paramref name="tag"/> to the <c>tags</c> array once (a lone string there becomes an array).</summary>
    public static void AddTag(JsonObject fields, string tag)
    {
        switch (fields[Tags])
        {
            case JsonArray array:
                if (!array.Any(t => t is JsonValue v && v.TryGetValue(out string? s) && s == tag))
                {
                    array.Add(tag);
                }

                return;
            case JsonValue single when single.TryGetValue(out string? existing):
                fields[Tags] = existing == tag ? new JsonArray(existing) : new JsonArray(existing, tag);
                return;
            default:
                fields[Tags] = new JsonArray(tag);
                return;
        }
    }

    /// <summary>Tags an event that was not parsed and hands the outcome back, so a parser can <c>return Fail(...)</c>.</summary>
    public static ParseOutcome Fail(JsonObject fields, ParseOutcome outcome)
    {
        AddTag(fields, outcome == ParseOutcome.TimedOut ? TimeoutTag : ParseFailureTag);
        return outcome;
    }

    /// <summary>Sets <c>http.path</c> to <c>http.url</c> without its query string, for grouping by endpoint.</summary>
    public static void SetPathFromUrl(JsonObject fields)
    {
        if (fields["http"] is not JsonObject http || http["url"] is not JsonValue url || !url.TryGetValue(out string? text))
        {
            return;
        }

        var query = text.IndexOf('?', StringComparison.Ordinal);
        http["path"] = query < 0 ? text : text[..query];
    }
}
