using System.Text.Json.Nodes;
using Console.Ingest.Parsing;

namespace Console.Ingest.Tests.Support;

/// <summary>Runs a parser on one raw event as a source hands it over (<c>{"message": raw}</c>) and reads fields back by dotted name.</summary>
public static class ParsedEvent
{
    public static JsonObject Parse(this ILogParser parser, string raw, out ParseOutcome outcome)
    {
        var fields = new JsonObject { ["message"] = raw };
        outcome = parser.Parse(fields);
        return fields;
    }

    public static JsonObject Parse(this ILogParser parser, string raw)
    {
        var fields = parser.Parse(raw, out var outcome);
        Assert.True(outcome == ParseOutcome.Parsed, $"{parser.Name} did not parse ({outcome}): {raw}");
        return fields;
    }

    /// <summary>The node at a dotted path through nested objects (<c>http.status_code</c>), or null.</summary>
    public static JsonNode? Field(this JsonObject fields, string path)
    {
        JsonNode? node = fields;
        foreach (var segment in path.Split('.'))
        {
            node = node is JsonObject obj ? obj[segment] : null;
        }

        return node;
    }

    public static string? Text(this JsonObject fields, string path) =>
        fields.Field(path) is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    public static long? Long(this JsonObject fields, string path) =>
        fields.Field(path) is JsonValue value && value.TryGetValue(out long number) ? number : null;

    public static double? Number(this JsonObject fields, string path) =>
        fields.Field(path) is JsonValue value && value.TryGetValue(out double number) ? number : null;

    public static IReadOnlyList<string> Tags(this JsonObject fields) =>
        fields["tags"] is JsonArray tags ? tags.Select(t => t!.GetValue<string>()).ToList() : [];
}
