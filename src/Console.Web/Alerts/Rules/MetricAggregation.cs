using System.Text.Json.Serialization;

namespace Console.Web.Alerts.Rules;

/// <summary>What a <see cref="AlertRuleKind.MetricThreshold"/> rule computes over its numeric field in the window.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MetricAggregation>))]
public enum MetricAggregation
{
    Avg,
    Min,
    Max,
    Sum,
    P50,
    P95,
    P99,
}
