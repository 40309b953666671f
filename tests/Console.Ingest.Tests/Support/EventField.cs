using System.Text.Json.Nodes;

namespace Console.Ingest.Tests.Support;

/// <summary>Reads a dotted name (<c>process.pid</c>) out of an event's nested objects, as the store flattens them.</summary>
public static class EventField
{
    public static JsonNode? Get(JsonObject fields, string path)
    {
        JsonNode? node = fields;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject obj ? obj[part] : null;
        }

        return node;
    }

    public static string? Text(JsonObject fields, string path) => Get(fields, path) is JsonValue value ? value.ToString() : null;
}
