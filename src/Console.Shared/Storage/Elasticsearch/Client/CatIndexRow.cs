using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>A row of <c>_cat/indices?format=json&amp;bytes=b</c>: numbers come as strings, and as null for a closed index.</summary>
public sealed record CatIndexRow(
    string Index,
    string? Health = null,
    string? Status = null,
    [property: JsonPropertyName("docs.count")] string? DocsCount = null,
    [property: JsonPropertyName("store.size")] string? StoreSize = null);
