using System.Text.Json.Nodes;

namespace Console.Shared.Tests.Support;

/// <summary>A request the fake Elasticsearch received.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string? ContentType, string Body)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    /// <summary>The NDJSON lines of a bulk body.</summary>
    public IReadOnlyList<JsonObject> Lines => Body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
}
