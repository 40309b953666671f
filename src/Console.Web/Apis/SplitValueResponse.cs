using System.Text.Json.Serialization;

namespace Console.Web.Apis;

/// <summary>One split value: its events and the metric (<c>value</c>, or <c>percentiles</c> for the percentiles metric).</summary>
public sealed record SplitValueResponse(
    string Key,
    long Count,
    double? Value,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<PercentileResponse>? Percentiles);
