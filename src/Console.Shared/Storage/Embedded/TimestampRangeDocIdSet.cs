using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// The documents of one segment whose <c>@timestamp</c> lies in [from, to], found from the segment's decoded times
/// (<see cref="SegmentTimestamps"/>) block by block: a block whose earliest and latest time lie inside passes whole, one
/// wholly outside is skipped, and only a block the range cuts checks its documents' times. Lucene.Net's trie range had to
/// walk its terms' postings into a bitset of every match on each search (Lucene 8 for Java has points for this).
/// </summary>
internal sealed class TimestampRangeDocIdSet : DocIdSet
{
    private readonly SegmentTimestamps _timestamps;
    private readonly long _from;
    private readonly long _to;
    private readonly IBits? _acceptDocs;

    /// <param name="acceptDocs">The documents that may match (live documents, or a filter's); null for all.</param>
    public TimestampRangeDocIdSet(SegmentTimestamps timestamps, long fromMillis, long toMillis, IBits? acceptDocs)
    {
        _timestamps = timestamps;
        _from = fromMillis;
        _to = toMillis;
        // A filter that passes everything hands over match-all bits: asking them per document only costs time.
        _acceptDocs = acceptDocs is Lucene.Net.Util.Bits.MatchAllBits ? null : acceptDocs;
    }

    public override IBits Bits => new RangeBits(this);

    public override DocIdSetIterator GetIterator() => new Iterator(this);

    /// <summary>Whether <paramref name="doc"/> is in the set, by its block's relation to the range first.</summary>
    private bool Matches(int doc)
    {
        if (_acceptDocs is not null && !_acceptDocs.Get(doc))
        {
            return false;
        }

        return _timestamps.Relate(doc >> SegmentTimestamps.BlockShift, _from, _to) switch
        {
            SegmentTimestamps.BlockRelation.Inside => true,
            SegmentTimestamps.BlockRelation.Outside => false,
            _ => _timestamps.IsIn(doc, _from, _to),
        };
    }

    private sealed class RangeBits(TimestampRangeDocIdSet set) : IBits
    {
        public int Length => set._timestamps.MaxDoc;

        public bool Get(int index) => set.Matches(index);
    }

    private sealed class Iterator : DocIdSetIterator
    {
        private readonly TimestampRangeDocIdSet _set;
        private readonly int _maxDoc;
        private readonly long _cost;
        private int _doc = -1;

        // Up to here (exclusive) every document is in the set: the rest of an inside block without deletions to check.
        private int _passEnd;

        public Iterator(TimestampRangeDocIdSet set)
        {
            _set = set;
            _maxDoc = set._timestamps.MaxDoc;
            var blocks = set._timestamps.BlockCount;
            for (var block = 0; block < blocks; block++)
            {
                if (set._timestamps.Relate(block, set._from, set._to) != SegmentTimestamps.BlockRelation.Outside)
                {
                    _cost += Math.Min(_maxDoc, (block + 1) << SegmentTimestamps.BlockShift) - (block << SegmentTimestamps.BlockShift);
                }
            }
        }

        public override int DocID => _doc;

        public override int NextDoc()
        {
            // Unsigned: past the end (_doc + 1 overflows) is never below the pass.
            var next = _doc + 1;
            return (uint)next < (uint)_passEnd ? _doc = next : Advance(next);
        }

        public override int Advance(int target)
        {
            if (_doc == NO_MORE_DOCS)
            {
                return NO_MORE_DOCS;
            }

            var timestamps = _set._timestamps;
            var acceptDocs = _set._acceptDocs;
            var doc = target;
            while (doc < _maxDoc)
            {
                var block = doc >> SegmentTimestamps.BlockShift;
                var end = Math.Min(_maxDoc, (block + 1) << SegmentTimestamps.BlockShift);
                switch (timestamps.Relate(block, _set._from, _set._to))
                {
                    case SegmentTimestamps.BlockRelation.Outside:
                        doc = end;
                        continue;
                    case SegmentTimestamps.BlockRelation.Inside when acceptDocs is null:
                        _passEnd = end;
                        return _doc = doc;
                    case SegmentTimestamps.BlockRelation.Inside:
                        for (; doc < end; doc++)
                        {
                            if (acceptDocs.Get(doc))
                            {
                                return _doc = doc;
                            }
                        }

                        continue;
                    default:
                        for (; doc < end; doc++)
                        {
                            if ((acceptDocs is null || acceptDocs.Get(doc)) && timestamps.IsIn(doc, _set._from, _set._to))
                            {
                                return _doc = doc;
                            }
                        }

                        continue;
                }
            }

            _passEnd = 0;
            return _doc = NO_MORE_DOCS;
        }

        /// <summary>The documents of the blocks not wholly outside the range: an upper bound of the matches.</summary>
        public override long GetCost() => _cost;
    }
}
