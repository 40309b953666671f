using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>The outcome of one bulk action.</summary>
public sealed record BulkItemResult(
    [property: JsonPropertyName("_index")] string? Index,
    [property: JsonPropertyName("_id")] string? Id,
    int Status,
    string? Result = null,
    ErrorCause? Error = null);
