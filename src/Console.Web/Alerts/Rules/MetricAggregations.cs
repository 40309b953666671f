using Console.Shared.Storage;

namespace Console.Web.Alerts.Rules;

/// <summary>How a <see cref="MetricAggregation"/> is asked of the store and named to people.</summary>
public static class MetricAggregations
{
    public static AggregationMetric ToStoreMetric(this MetricAggregation aggregation, string field) => aggregation switch
    {
        MetricAggregation.Avg => AggregationMetric.Avg(field),
        MetricAggregation.Min => AggregationMetric.Min(field),
        MetricAggregation.Max => AggregationMetric.Max(field),
        MetricAggregation.Sum => AggregationMetric.Sum(field),
        _ => AggregationMetric.PercentilesOf(field, Percent(aggregation)),
    };

    public static bool IsPercentile(this MetricAggregation aggregation) => aggregation is MetricAggregation.P50 or MetricAggregation.P95 or MetricAggregation.P99;

    /// <summary>The one number of a store's answer: the metric's value, or the one percentile asked for; null when no event had a value.</summary>
    public static double? ValueOf(MetricValue metric) => metric.Percentiles.Count > 0 ? metric.Percentiles[0].Value : metric.Value;

    /// <summary>What a rule's value measures, as a notification or the rules list names it: <c>count</c>, <c>p95(duration_ms)</c>.</summary>
    public static string Describe(AlertRule rule) => rule.Kind switch
    {
        AlertRuleKind.Ratio => "percent of matching events",
        AlertRuleKind.MetricThreshold => $"{rule.Aggregation.ToString().ToLowerInvariant()}({rule.MetricField})",
        _ => "count",
    };

    private static double Percent(MetricAggregation aggregation) => aggregation switch
    {
        MetricAggregation.P50 => 50,
        MetricAggregation.P95 => 95,
        MetricAggregation.P99 => 99,
        _ => throw new ArgumentOutOfRangeException(nameof(aggregation), aggregation, "not a percentile"),
    };
}
