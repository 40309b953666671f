using System.Text.Json.Nodes;

namespace Console.Shared.Events;

/// <summary>Walks an event's nested objects and arrays and yields each scalar under its dotted name (<c>http.status_code</c>).</summary>
public static class EventFlattener
{
    /// <summary>Objects nested deeper than this are kept in _source but not indexed (Elasticsearch's mapping.depth.limit).</summary>
    public const int MaxDepth = 20;

    public static void Flatten(JsonObject source, List<KeyValuePair<string, JsonValue>> into) => Walk(source, prefix: null, depth: 0, into);

    private static void Walk(JsonObject node, string? prefix, int depth, List<KeyValuePair<string, JsonValue>> into)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        foreach (var (key, value) in node)
        {
            if (key.Length == 0)
            {
                continue;
            }

            var name = prefix is null ? key : prefix + "." + key;
            AddValue(name, value, depth, into);
        }
    }

    private static void AddValue(string name, JsonNode? value, int depth, List<KeyValuePair<string, JsonValue>> into)
    {
        switch (value)
        {
            case JsonObject child:
                Walk(child, name, depth + 1, into);
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    AddValue(name, item, depth + 1, into);
                }

                break;
            case JsonValue scalar:
                into.Add(new(name, scalar));
                break;
        }
    }
}
