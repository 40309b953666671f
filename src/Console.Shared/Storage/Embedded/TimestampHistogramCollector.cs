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
