namespace Console.Shared.Storage;

/// <summary>Buckets from the start of the range to its end, empty ones included, so a chart has no gaps.</summary>
public sealed record HistogramResult(TimeSpan Interval, long Total, IReadOnlyList<HistogramBucket> Buckets);
