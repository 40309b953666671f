using System.Text.Json.Serialization;

namespace Console.Web.Apis;

/// <summary>The answer of <c>GET /api/aggregate</c>; <c>split</c>, <c>interval</c> and <c>buckets</c> appear only when asked for.</summary>
public sealed record AggregateResponse(
    long Total,
    string Metric,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Field,
    double? Value,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<PercentileResponse>? Percentiles,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SplitResponse? Split,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Interval,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? IntervalMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<AggregateBucketResponse>? Buckets);
