using Console.Shared.Events;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// Keeps the events whose <c>@timestamp</c> lies in [from, to], deciding per segment: a segment whose events all lie
/// inside passes whole, one wholly outside passes nothing, and only a segment the range cuts checks its blocks of
/// documents against the range (<see cref="TimestampRangeDocIdSet"/>). A plain range query builds a bitset of every event
/// in range on every search (8–15 ms over a million events), though most segments of a search over the last hours or
/// days lie wholly inside it.
/// </summary>
internal sealed class TimeRangeFilter : Filter
{
    public TimeRangeFilter(long? fromMillis, long? toMillis)
    {
        From = fromMillis ?? long.MinValue;
        To = toMillis ?? long.MaxValue;
    }

    /// <summary>The earliest time kept (inclusive).</summary>
    public long From { get; }

    /// <summary>The latest time kept (inclusive); below <see cref="From"/> when the range is empty.</summary>
    public long To { get; }

    /// <summary>Whether any event of the segment may lie in [<paramref name="fromMillis"/>, <paramref name="toMillis"/>].</summary>
    public static bool MayOverlap(AtomicReader reader, long fromMillis, long toMillis)
    {
        var timestamps = SegmentTimestamps.Of(reader);
        return !timestamps.IsEmpty && timestamps.Max >= fromMillis && timestamps.Min <= toMillis;
    }

    public override DocIdSet? GetDocIdSet(AtomicReaderContext context, IBits? acceptDocs)
    {
        var reader = context.AtomicReader;
        var timestamps = SegmentTimestamps.Of(reader);
        if (From > To || timestamps.IsEmpty || timestamps.Max < From || timestamps.Min > To)
        {
            return null;
        }

        // A document without a time is in no range, as for Lucene's numeric range.
        return timestamps.Min >= From && timestamps.Max <= To && !timestamps.HasMissing
            ? new AllDocs(reader.MaxDoc, acceptDocs)
            : new TimestampRangeDocIdSet(timestamps, From, To, acceptDocs);
    }

    public override string ToString() => $"{LogSchema.Timestamp}:[{From} TO {To}]";

    public override bool Equals(object? obj) => obj is TimeRangeFilter other && other.From == From && other.To == To;

    public override int GetHashCode() => HashCode.Combine(From, To);

    /// <summary>Every document of a segment that <c>acceptDocs</c> lets through, as an iterator and as random-access bits.</summary>
    private sealed class AllDocs(int maxDoc, IBits? acceptDocs) : DocIdSet
    {
        public override IBits Bits => acceptDocs ?? new Lucene.Net.Util.Bits.MatchAllBits(maxDoc);

        public override bool IsCacheable => true;

        public override DocIdSetIterator GetIterator() => new Iterator(maxDoc, acceptDocs);

        private sealed class Iterator(int maxDoc, IBits? acceptDocs) : DocIdSetIterator
        {
            private int _doc = -1;

            public override int DocID => _doc;

            public override int NextDoc() => _doc == NO_MORE_DOCS ? NO_MORE_DOCS : Advance(_doc + 1);

            public override int Advance(int target)
            {
                for (_doc = target; _doc < maxDoc; _doc++)
                {
                    if (acceptDocs is null || acceptDocs.Get(_doc))
                    {
                        return _doc;
                    }
                }

                return _doc = NO_MORE_DOCS;
            }

            public override long GetCost() => maxDoc;
        }
    }
}
