namespace Console.Shared.Storage;

/// <summary>
/// The fixed-width time buckets of a histogram over [from, to]: aligned to the epoch (plus an offset) like Elasticsearch's date_histogram,
/// so the first bucket may start before <c>from</c>. Shared by the histogram and the aggregations so both cut time alike.
/// </summary>
internal readonly record struct TimeBuckets(long OriginMillis, long IntervalMillis, int Count)
{
    public TimeSpan Interval => TimeSpan.FromMilliseconds(IntervalMillis);

    /// <exception cref="StoreRequestException">The range ends before it starts, or the interval gives more than <paramref name="maxBuckets"/> buckets.</exception>
    public static TimeBuckets For(DateTimeOffset from, DateTimeOffset to, TimeSpan? interval, int maxBuckets = HistogramIntervals.MaxBuckets, TimeSpan offset = default)
    {
        if (to < from)
        {
            throw new StoreRequestException("the time range ends before it starts");
        }

        var span = interval ?? HistogramIntervals.Auto(from, to);
        var intervalMillis = (long)span.TotalMilliseconds;
        if (intervalMillis <= 0)
        {
            throw new StoreRequestException($"interval {span} is not a positive number of milliseconds");
        }

        var fromMillis = from.ToUnixTimeMilliseconds();
        var offsetMillis = (long)offset.TotalMilliseconds;
        var origin = fromMillis - ((((fromMillis - offsetMillis) % intervalMillis) + intervalMillis) % intervalMillis);
        var count = (to.ToUnixTimeMilliseconds() - origin) / intervalMillis + 1;
        if (count > maxBuckets)
        {
            throw new StoreRequestException($"interval {span} gives {count} buckets over this range; at most {maxBuckets} are allowed");
        }

        return new TimeBuckets(origin, intervalMillis, (int)count);
    }

    public DateTimeOffset StartOf(int bucket) => DateTimeOffset.FromUnixTimeMilliseconds(OriginMillis + bucket * IntervalMillis);
}
