using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Console.Web.Apis;

/// <summary>A hit in Elasticsearch's shape.</summary>
public sealed record HitResponse(
    [property: JsonPropertyName("_index")] string Index,
    [property: JsonPropertyName("_id")] string Id,
    [property: JsonPropertyName("_source")] JsonObject Source,
    [property: JsonPropertyName("_ignored"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Ignored);

public sealed record SearchResponse(long Total, long TookMs, IReadOnlyList<HitResponse> Hits, string? Next);

public sealed record HistogramBucketResponse(DateTime T, long Count);

public sealed record HistogramResponse(string Interval, long IntervalMs, long Total, IReadOnlyList<HistogramBucketResponse> Buckets);

public sealed record FieldResponse(string Name, string Type);

public sealed record FieldsResponse(IReadOnlyList<FieldResponse> Fields);

public sealed record TopValueResponse(string Value, long Count, double Percent);

public sealed record TopValuesResponse(string Field, long Total, long WithField, IReadOnlyList<TopValueResponse> Values, long Other);
