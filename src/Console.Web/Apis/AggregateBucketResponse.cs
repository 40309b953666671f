using System.Text.Json.Serialization;

namespace Console.Web.Apis;

/// <summary>One time bucket from <see cref="T"/>: its events, their metric and, when split, the split within it.</summary>
public sealed record AggregateBucketResponse(
    DateTime T,
    long Count,
    double? Value,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<PercentileResponse>? Percentiles,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SplitResponse? Split);
