namespace Console.Shared.Storage;

/// <summary>One time bucket from <see cref="Start"/>: its events, their metric and, when the request splits, the split within it.</summary>
public sealed record AggregationBucket(DateTimeOffset Start, long Count, MetricValue Metric, SplitResult? Split);
