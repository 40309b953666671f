namespace Console.Shared.Storage;

/// <summary>
/// Bounds of one aggregation, so a request cannot take the console's memory: every store refuses what goes beyond them
/// with a <see cref="StoreRequestException"/> saying which.
/// </summary>
public static class AggregationLimits
{
    /// <summary>Most split values returned (Elasticsearch's terms size has no such bound, but a chart of more is unreadable).</summary>
    public const int MaxSplitSize = 1000;

    /// <summary>Most buckets of one answer, time buckets times (split values + 1); Elasticsearch's search.max_buckets default.</summary>
    public const int MaxBuckets = 65_536;

    /// <summary>Most percents in one percentiles metric.</summary>
    public const int MaxPercents = 20;

    /// <summary>
    /// Exact percentiles keep every value of every bucket it falls in (8 bytes each; an event counts in up to four: the
    /// whole, its time bucket, its split value, and both): at most this many, 128 MB.
    /// </summary>
    public const long MaxPercentileValues = 16_000_000;

    /// <summary>
    /// Exact cardinality keeps each distinct value once per bucket it is seen in (about 24 bytes a pair, plus each distinct
    /// keyword once): at most this many pairs, about 100 MB.
    /// </summary>
    public const long MaxCardinalityValues = 4_000_000;
}
