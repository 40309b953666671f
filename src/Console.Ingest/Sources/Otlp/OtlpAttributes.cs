using System.Text.Json.Nodes;

namespace Console.Ingest.Sources.Otlp;

/// <summary>OTLP key/value attributes in the order they were sent, values already as JSON (strings, numbers, arrays, objects).</summary>
public sealed class OtlpAttributes : List<KeyValuePair<string, JsonNode?>>
{
    public static OtlpAttributes Empty { get; } = [];
}
