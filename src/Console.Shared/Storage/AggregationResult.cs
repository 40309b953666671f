namespace Console.Shared.Storage;

/// <summary>
/// <see cref="Total"/> matching events and their <see cref="Metric"/>; <see cref="Split"/> over the whole query when the
/// request splits by a field; <see cref="Interval"/> and every time bucket of the range (empty ones included) when it asks
/// for a date histogram, otherwise null and empty.
/// </summary>
public sealed record AggregationResult(long Total, MetricValue Metric, SplitResult? Split, TimeSpan? Interval, IReadOnlyList<AggregationBucket> Buckets);
