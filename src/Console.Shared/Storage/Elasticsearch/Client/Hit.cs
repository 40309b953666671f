using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>One search hit.</summary>
public sealed record Hit(
    [property: JsonPropertyName("_index")] string Index,
    [property: JsonPropertyName("_id")] string Id,
    [property: JsonPropertyName("_source")] JsonObject? Source = null,
    JsonArray? Sort = null,
    [property: JsonPropertyName("_ignored")] List<string>? Ignored = null);
