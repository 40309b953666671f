using System.Runtime.CompilerServices;
using Console.Shared.Events;
using Console.Shared.Query;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// Keeps the events whose <c>@timestamp</c> lies in [from, to], deciding per segment: a segment whose events all lie
/// inside passes whole, one wholly outside passes nothing, and only a segment the range cuts runs the numeric range.
/// A plain range query builds a bitset of every event in range on every search (8–15 ms over a million events), though
/// most segments of a search over the last hours or days lie wholly inside it.
/// </summary>
internal sealed class TimeRangeFilter : Filter
{
    /// <summary>Each segment's earliest and latest event, read once from its doc values; a segment's core never changes.</summary>
    private static readonly ConditionalWeakTable<object, TimeBounds> Bounds = new();

    private readonly long _from;
    private readonly long _to;
    private readonly Filter _range;

    public TimeRangeFilter(long? fromMillis, long? toMillis)
    {
        _from = fromMillis ?? long.MinValue;
        _to = toMillis ?? long.MaxValue;
        _range = NumericRangeFilter.NewInt64Range(LogSchema.Timestamp, IndexLayout.NumericPrecisionStep, fromMillis, toMillis, true, true);
    }

    /// <summary>Whether any event of the segment may lie in [<paramref name="fromMillis"/>, <paramref name="toMillis"/>].</summary>
    public static bool MayOverlap(AtomicReader reader, long fromMillis, long toMillis)
    {
        var bounds = BoundsOf(reader);
        return !bounds.IsEmpty && bounds.Max >= fromMillis && bounds.Min <= toMillis;
    }

    public override DocIdSet? GetDocIdSet(AtomicReaderContext context, IBits? acceptDocs)
    {
        var reader = context.AtomicReader;
        var bounds = BoundsOf(reader);
        if (bounds.IsEmpty || bounds.Max < _from || bounds.Min > _to)
        {
            return null;
        }

        return bounds.Min >= _from && bounds.Max <= _to
            ? new AllDocs(reader.MaxDoc, acceptDocs)
            : _range.GetDocIdSet(context, acceptDocs);
    }

    private static TimeBounds BoundsOf(AtomicReader reader) => Bounds.GetValue(reader.CoreCacheKey, _ => TimeBounds.Of(reader));

    public override string ToString() => $"{LogSchema.Timestamp}:[{_from} TO {_to}]";

    /// <summary>The earliest and latest <c>@timestamp</c> of one segment.</summary>
    private sealed record TimeBounds(long Min, long Max, bool IsEmpty)
    {
        public static TimeBounds Of(AtomicReader reader)
        {
            var values = reader.GetNumericDocValues(LogSchema.Timestamp);
            var present = reader.GetDocsWithField(LogSchema.Timestamp);
            if (values is null || present is null)
            {
                return new TimeBounds(0, 0, IsEmpty: true);
            }

            long min = long.MaxValue, max = long.MinValue;
            var any = false;
            for (var doc = 0; doc < reader.MaxDoc; doc++)
            {
                if (!present.Get(doc))
                {
                    continue;
                }

                var value = values.Get(doc);
                min = Math.Min(min, value);
                max = Math.Max(max, value);
                any = true;
            }

            return new TimeBounds(min, max, !any);
        }
    }

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
