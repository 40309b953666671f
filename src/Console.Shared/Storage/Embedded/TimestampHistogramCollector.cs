using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// Counts matching documents per fixed-width bucket of <c>@timestamp</c>, read from each segment's decoded timestamps
/// (<see cref="SegmentTimestamps"/>): no stored fields, no doc-values reads, no allocation per hit.
/// </summary>
internal sealed class TimestampHistogramCollector(long originMillis, long intervalMillis, int bucketCount) : ICollector
{
    private SegmentTimestamps? _timestamps;

    public long[] Counts { get; } = new long[bucketCount];

    public long Total { get; private set; }

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer)
    {
    }

    public void SetNextReader(AtomicReaderContext context) => _timestamps = SegmentTimestamps.Of(context.AtomicReader);

    /// <summary>
    /// Counts every live event of a segment in [<paramref name="fromMillis"/>, <paramref name="toMillis"/>] without a
    /// scorer: for an empty query this is the whole histogram, and a loop over the segment's timestamps is several times
    /// faster than a scorer handing the same documents to <see cref="Collect"/> one call at a time.
    /// </summary>
    public void CountSegment(AtomicReader reader, long fromMillis, long toMillis) =>
        Total += SegmentTimestamps.Of(reader).CountInto(Counts, originMillis, intervalMillis, fromMillis, toMillis, reader.LiveDocs);

    public void Collect(int doc)
    {
        var timestamps = _timestamps!;
        if (!timestamps.Has(doc))
        {
            return;
        }

        var bucket = (timestamps.Get(doc) - originMillis) / intervalMillis;
        if (bucket >= 0 && bucket < Counts.Length)
        {
            Counts[bucket]++;
            Total++;
        }
    }
}
