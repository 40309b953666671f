using System.Runtime.CompilerServices;
using Console.Shared.Events;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// The <c>@timestamp</c> of every document of one segment, decoded once into an array and kept while the segment is
/// open. Lucene.Net 4.8 reads a numeric doc value with a seek and byte reads through its packed-ints reader (about
/// 70 ns a value here, where Lucene 8 for Java reads a plain long), so a histogram over millions of events spent nearly
/// all its time there. A daily index's events lie within one day, so a value is kept as an offset from the segment's
/// earliest time in 4 bytes; a segment spanning more than 24 days keeps 8 bytes per value.
/// </summary>
/// <remarks>
/// Keyed by the segment's core, which never changes while the segment lives: deletions change the live documents, not the
/// values, and every reopen of an unchanged segment shares its core. The entry goes with the core when the segment is
/// merged away or closed.
/// </remarks>
internal sealed class SegmentTimestamps
{
    /// <summary>Documents per block of <see cref="Relate"/>: 2^10.</summary>
    public const int BlockShift = 10;

    private static readonly ConditionalWeakTable<object, SegmentTimestamps> Cache = new();

    private readonly int[]? _offsets;
    private readonly long[]? _values;

    /// <summary>Documents without a <c>@timestamp</c>; null when every document has one (every event the store writes).</summary>
    private readonly FixedBitSet? _present;

    /// <summary>The earliest and latest time of each block's documents that have one; a block without any has min &gt; max.</summary>
    private readonly long[] _blockMin;
    private readonly long[] _blockMax;

    /// <summary>Whether each block has a document without a time; null when none has.</summary>
    private readonly bool[]? _blockMissing;

    private SegmentTimestamps(long min, long max, bool isEmpty, int[]? offsets, long[]? values, FixedBitSet? present)
    {
        Min = min;
        Max = max;
        IsEmpty = isEmpty;
        _offsets = offsets;
        _values = values;
        _present = present;
        MaxDoc = offsets?.Length ?? values?.Length ?? 0;
        (_blockMin, _blockMax, _blockMissing) = Blocks();
    }

    /// <summary>How a block of <see cref="BlockShift"/> documents lies against a time range.</summary>
    public enum BlockRelation
    {
        /// <summary>No document of the block has a time in the range.</summary>
        Outside,

        /// <summary>Every document of the block has a time in the range.</summary>
        Inside,

        /// <summary>Some may and some may not: each document must be checked.</summary>
        Crosses,
    }

    /// <summary>Whether some document of the segment has no <c>@timestamp</c>.</summary>
    public bool HasMissing => _present is not null;

    /// <summary>The segment's document count (0 when it is empty).</summary>
    public int MaxDoc { get; }

    /// <summary>The earliest <c>@timestamp</c> of the segment (deleted documents included).</summary>
    public long Min { get; }

    /// <summary>The latest <c>@timestamp</c> of the segment (deleted documents included).</summary>
    public long Max { get; }

    /// <summary>Whether no document of the segment has a <c>@timestamp</c>.</summary>
    public bool IsEmpty { get; }

    /// <summary>
    /// Bytes held by the decoded values (4 or 8 per document, plus a bit per document when some have none), and 16 per
    /// block of 2^<see cref="BlockShift"/> documents for its earliest and latest time.
    /// </summary>
    public long SizeInBytes => (_offsets?.Length ?? 0) * 4L + (_values?.Length ?? 0) * 8L + (_present is null ? 0 : _present.Length / 8)
        + (_blockMin.Length * 16L) + (_blockMissing?.Length ?? 0);

    /// <summary>The segment's timestamps, decoded on first use.</summary>
    public static SegmentTimestamps Of(AtomicReader reader) => Cache.GetValue(reader.CoreCacheKey, _ => Decode(reader));

    /// <summary>Whether <paramref name="doc"/> has a <c>@timestamp</c>.</summary>
    public bool Has(int doc) => !IsEmpty && (_present is null || _present.Get(doc));

    /// <summary>The <c>@timestamp</c> of <paramref name="doc"/>; only meaningful when <see cref="Has"/>.</summary>
    public long Get(int doc) => _offsets is not null ? Min + _offsets[doc] : _values![doc];

    /// <summary>
    /// The <c>@timestamp</c> of <paramref name="doc"/>, or 0 when it has none: what its doc values read (Lucene writes a
    /// missing numeric value as 0), so a sort over these values orders as one over the doc values.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GetOrZero(int doc)
    {
        if (_offsets is not null)
        {
            return _present is null || _present.Get(doc) ? Min + _offsets[doc] : 0;
        }

        return _values is null ? 0 : _values[doc]; // a missing value was never written into _values: 0
    }

    /// <summary>Whether <paramref name="doc"/> has a <c>@timestamp</c> in [<paramref name="fromMillis"/>, <paramref name="toMillis"/>].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsIn(int doc, long fromMillis, long toMillis)
    {
        if (_present is not null && !_present.Get(doc))
        {
            return false;
        }

        var value = Get(doc);
        return value >= fromMillis && value <= toMillis;
    }

    /// <summary>
    /// How block <paramref name="block"/> (documents block × 2^<see cref="BlockShift"/> up to the next block or the segment's
    /// end) lies against [<paramref name="fromMillis"/>, <paramref name="toMillis"/>], from its earliest and latest time
    /// alone. Events are mostly written in time order, so most blocks of a range's segments lie wholly in or out of it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public BlockRelation Relate(int block, long fromMillis, long toMillis)
    {
        var min = _blockMin[block];
        var max = _blockMax[block];
        if (max < fromMillis || min > toMillis)
        {
            return BlockRelation.Outside; // a block without times has min > max, so it is outside every range
        }

        return min >= fromMillis && max <= toMillis && (_blockMissing is null || !_blockMissing[block]) ? BlockRelation.Inside : BlockRelation.Crosses;
    }

    /// <summary>How many blocks the segment has.</summary>
    public int BlockCount => _blockMin.Length;

    /// <summary>
    /// Adds every live document of the segment with a time in [<paramref name="fromMillis"/>, <paramref name="toMillis"/>]
    /// to its bucket of <paramref name="counts"/> (bucket i starts at <paramref name="originMillis"/> + i × interval).
    /// </summary>
    /// <returns>How many documents were counted.</returns>
    public long CountInto(long[] counts, long originMillis, long intervalMillis, long fromMillis, long toMillis, IBits? liveDocs)
    {
        if (IsEmpty)
        {
            return 0;
        }

        // The buckets' own ends bound the counted times too: nothing before the first or after the last one counts.
        var low = Math.Max(fromMillis, originMillis);
        var high = Math.Min(toMillis, originMillis + (counts.Length * intervalMillis) - 1);
        if (low > high || Max < low || Min > high)
        {
            return 0;
        }

        var buckets = new BucketCursor(originMillis, intervalMillis, low, high);
        long total = 0;
        if (_offsets is not null && liveDocs is null && _present is null)
        {
            // The common case, kept free of per-document checks: a segment without deletions, every event with a time.
            var offsets = _offsets;
            var min = Min;
            for (var doc = 0; doc < offsets.Length; doc++)
            {
                var bucket = buckets.Of(min + offsets[doc]);
                if (bucket >= 0)
                {
                    counts[bucket]++;
                    total++;
                }
            }

            return total;
        }

        var maxDoc = _offsets?.Length ?? _values!.Length;
        for (var doc = 0; doc < maxDoc; doc++)
        {
            if ((liveDocs is not null && !liveDocs.Get(doc)) || (_present is not null && !_present.Get(doc)))
            {
                continue;
            }

            var bucket = buckets.Of(Get(doc));
            if (bucket >= 0)
            {
                counts[bucket]++;
                total++;
            }
        }

        return total;
    }

    private (long[] Min, long[] Max, bool[]? Missing) Blocks()
    {
        var count = (MaxDoc + (1 << BlockShift) - 1) >> BlockShift;
        var blockMin = new long[count];
        var blockMax = new long[count];
        bool[]? missing = null;
        for (var block = 0; block < count; block++)
        {
            long min = long.MaxValue, max = long.MinValue;
            var end = Math.Min(MaxDoc, (block + 1) << BlockShift);
            for (var doc = block << BlockShift; doc < end; doc++)
            {
                if (_present is not null && !_present.Get(doc))
                {
                    missing ??= new bool[count];
                    missing[block] = true;
                    continue;
                }

                var value = Get(doc);
                min = Math.Min(min, value);
                max = Math.Max(max, value);
            }

            (blockMin[block], blockMax[block]) = (min, max);
        }

        return (blockMin, blockMax, missing);
    }

    private static SegmentTimestamps Decode(AtomicReader reader)
    {
        var maxDoc = reader.MaxDoc;
        var numbers = reader.GetNumericDocValues(LogSchema.Timestamp);
        var docsWithField = reader.GetDocsWithField(LogSchema.Timestamp);
        if (numbers is null || docsWithField is null || maxDoc == 0)
        {
            return new SegmentTimestamps(0, 0, isEmpty: true, null, null, null);
        }

        var values = new long[maxDoc];
        FixedBitSet? present = null;
        long min = long.MaxValue, max = long.MinValue;
        var any = false;
        for (var doc = 0; doc < maxDoc; doc++)
        {
            // A document without a value reads as 0, so only a 0 asks the docs-with-field bits (a seek and a read each).
            var value = numbers.Get(doc);
            if (value == 0 && !(docsWithField is Lucene.Net.Util.Bits.MatchAllBits) && !docsWithField.Get(doc))
            {
                if (present is null)
                {
                    present = new FixedBitSet(maxDoc);
                    present.Set(0, doc);
                }

                continue;
            }

            present?.Set(doc);
            values[doc] = value;
            min = Math.Min(min, value);
            max = Math.Max(max, value);
            any = true;
        }

        if (!any)
        {
            return new SegmentTimestamps(0, 0, isEmpty: true, null, null, null);
        }

        if (max - min > int.MaxValue)
        {
            return new SegmentTimestamps(min, max, isEmpty: false, null, values, present);
        }

        var offsets = new int[maxDoc];
        for (var doc = 0; doc < maxDoc; doc++)
        {
            // A document without a value keeps offset 0; Has() tells it apart.
            offsets[doc] = present is null || present.Get(doc) ? (int)(values[doc] - min) : 0;
        }

        return new SegmentTimestamps(min, max, isEmpty: false, offsets, null, present);
    }

    /// <summary>
    /// The bucket of a time, without a division while times stay in the bucket of the one before: events are mostly
    /// written in time order, so most of a segment's neighbours share a bucket.
    /// </summary>
    private struct BucketCursor(long originMillis, long intervalMillis, long lowMillis, long highMillis)
    {
        // The part of the current bucket inside [low, high]; empty at first.
        private long _start = 1;
        private long _end;
        private int _bucket = -1;

        /// <summary>The bucket of <paramref name="millis"/>, or -1 when it lies outside [low, high].</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Of(long millis)
        {
            if (millis >= _start && millis <= _end)
            {
                return _bucket;
            }

            if (millis < lowMillis || millis > highMillis)
            {
                return -1;
            }

            _bucket = (int)((millis - originMillis) / intervalMillis);
            var bucketStart = originMillis + (_bucket * intervalMillis);
            _start = Math.Max(bucketStart, lowMillis);
            _end = Math.Min(bucketStart + intervalMillis - 1, highMillis);
            return _bucket;
        }
    }
}
