using Console.Shared.Events;
using Console.Shared.Query;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// The order of a page of hits: by <c>@timestamp</c>, then <c>_seq</c>, both in the asked direction, read from each
/// segment's decoded arrays. The same order as sorting both fields as <c>SortFieldType.INT64</c>, which read every
/// competitive hit's values through Lucene.Net's doc values (a seek and byte reads each).
/// </summary>
internal static class TimeOrderSort
{
    public static Sort For(bool descending) => new(
        new SortField(LogSchema.Timestamp, new TimestampSource(), descending),
        new SortField(IndexLayout.Sequence, new SequenceSource(), descending));

    private sealed class TimestampSource : FieldComparerSource
    {
        public override FieldComparer NewComparer(string fieldname, int numHits, int sortPos, bool reversed) => new TimestampComparer(numHits);
    }

    private sealed class SequenceSource : FieldComparerSource
    {
        public override FieldComparer NewComparer(string fieldname, int numHits, int sortPos, bool reversed) => new SequenceComparer(numHits);
    }

    private sealed class TimestampComparer(int numHits) : DecodedInt64Comparer(numHits)
    {
        private SegmentTimestamps? _timestamps;

        public override FieldComparer SetNextReader(AtomicReaderContext context)
        {
            _timestamps = SegmentTimestamps.Of(context.AtomicReader);
            return this;
        }

        protected override long ValueOf(int doc) => _timestamps!.GetOrZero(doc);
    }

    private sealed class SequenceComparer(int numHits) : DecodedInt64Comparer(numHits)
    {
        private SegmentSequences? _sequences;

        public override FieldComparer SetNextReader(AtomicReaderContext context)
        {
            _sequences = SegmentSequences.Of(context.AtomicReader);
            return this;
        }

        protected override long ValueOf(int doc) => _sequences!.Get(doc);
    }
}
