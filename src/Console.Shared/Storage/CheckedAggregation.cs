using Console.Shared.Events;

namespace Console.Shared.Storage;

/// <summary>
/// An <see cref="AggregationRequest"/> after <see cref="AggregationRequests.Check"/>: the types of the fields its metric
/// and split read, and its time buckets, with the query ending where the buckets do.
/// </summary>
/// <param name="MetricType">The metric field's type, or null (count, or no index read has the field).</param>
/// <param name="SplitType">The split field's type, or null (no split, or no index read has the field).</param>
/// <param name="Time">The date histogram's buckets, or null without one.</param>
internal sealed record CheckedAggregation(
    LogQuery Query,
    AggregationMetric Metric,
    FieldType? MetricType,
    FieldSplit? Split,
    FieldType? SplitType,
    TimeBuckets? Time);
