namespace Console.Shared.Storage;

/// <summary>
/// Buckets of <c>@timestamp</c> from the query's start to its end (Elasticsearch's date_histogram with a fixed interval);
/// a null interval picks one for about 60 buckets. Buckets start at whole multiples of the interval since the epoch,
/// shifted by <see cref="Offset"/> (Elasticsearch's offset), so one series can be cut at the times another is not.
/// </summary>
public sealed record DateHistogramSplit(TimeSpan? Interval = null, TimeSpan Offset = default);
