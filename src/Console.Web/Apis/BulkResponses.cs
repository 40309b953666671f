using System.Text.Json.Serialization;

namespace Console.Web.Apis;

public sealed record BulkShards(int Total, int Successful, int Failed);

public sealed record BulkError(string Type, string Reason);

/// <summary>One item of an Elasticsearch <c>_bulk</c> answer.</summary>
public sealed record BulkItemResult(
    [property: JsonPropertyName("_index")] string? Index,
    [property: JsonPropertyName("_id")] string? Id,
    int Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Result,
    [property: JsonPropertyName("_version"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Version,
    [property: JsonPropertyName("_shards"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] BulkShards? Shards,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] BulkError? Error);

/// <summary>The Elasticsearch <c>_bulk</c> answer: each item is keyed by its action (<c>{"index": {...}}</c>).</summary>
public sealed record BulkResponse(long Took, bool Errors, IReadOnlyList<IReadOnlyDictionary<string, BulkItemResult>> Items);
