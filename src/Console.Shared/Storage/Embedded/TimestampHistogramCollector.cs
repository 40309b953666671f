using Console.Shared.Events;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Console.Shared.Storage.Embedded;

/// <summary>Counts matching documents per fixed-width bucket of <c>@timestamp</c>, read from doc values (no stored fields touched).</summary>
internal sealed class TimestampHistogramCollector(long originMillis, long intervalMillis, int bucketCount) : ICollector
{
    private NumericDocValues? _timestamps;

    public long[] Counts { get; } = new long[bucketCount];

    public long Total { get; private set; }

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer)
    {
    }

    public void SetNextReader(AtomicReaderContext context) =>
        _timestamps = context.AtomicReader.GetNumericDocValues(LogSchema.Timestamp);

    /// <summary>
    /// Counts every live event of a segment in [<paramref name="fromMillis"/>, <paramref name="toMillis"/>] straight from
    /// its doc values: for an empty query this is the whole histogram, and a loop over the values is several times faster
    /// than a scorer handing the same documents to <see cref="Collect"/> one call at a time.
    /// </summary>
    public void CountSegment(AtomicReader reader, long fromMillis, long toMillis)
    {
        var timestamps = reader.GetNumericDocValues(LogSchema.Timestamp);
        var present = reader.GetDocsWithField(LogSchema.Timestamp);
        if (timestamps is null || present is null)
        {
            return;
        }

        var live = reader.LiveDocs;
        var counts = Counts;
        long total = 0;
        for (var doc = 0; doc < reader.MaxDoc; doc++)
        {
            if (live?.Get(doc) == false || !present.Get(doc))
            {
                continue;
            }

            var millis = timestamps.Get(doc);
            if (millis < fromMillis || millis > toMillis)
            {
                continue;
            }

            var bucket = (millis - originMillis) / intervalMillis;
            if (bucket >= 0 && bucket < counts.Length)
            {
                counts[bucket]++;
                total++;
            }
        }

        Total += total;
    }

    public void Collect(int doc)
    {
        if (_timestamps is null)
        {
            return;
        }

        var bucket = (_timestamps.Get(doc) - originMillis) / intervalMillis;
        if (bucket >= 0 && bucket < Counts.Length)
        {
            Counts[bucket]++;
            Total++;
        }
    }
}
