using System.Runtime.CompilerServices;
using Console.Shared.Query;
using Lucene.Net.Index;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// The <c>_seq</c> of every document of one segment, decoded once into an array and kept while the segment is open, for
/// the same reason as <see cref="SegmentTimestamps"/>: Lucene.Net's numeric doc values cost a seek and byte reads per
/// value, and sorting a page newest first copies the sequence number of nearly every hit (each newer hit is competitive).
/// Sequence numbers of one segment lie close together, so a value is kept as a 4-byte offset from the segment's smallest;
/// a segment whose numbers span more than that keeps 8 bytes per value.
/// </summary>
/// <remarks>A document without a value reads 0, as from the doc values (Lucene writes a missing numeric value as 0).</remarks>
internal sealed class SegmentSequences
{
    private static readonly ConditionalWeakTable<object, SegmentSequences> Cache = new();

    private readonly long _min;
    private readonly int[]? _offsets;
    private readonly long[]? _values;

    private SegmentSequences(long min, int[]? offsets, long[]? values)
    {
        _min = min;
        _offsets = offsets;
        _values = values;
    }

    /// <summary>Bytes held by the decoded values.</summary>
    public long SizeInBytes => (_offsets?.Length ?? 0) * 4L + (_values?.Length ?? 0) * 8L;

    /// <summary>The segment's sequence numbers, decoded on first use.</summary>
    public static SegmentSequences Of(AtomicReader reader) => Cache.GetValue(reader.CoreCacheKey, _ => Decode(reader));

    /// <summary>The <c>_seq</c> of <paramref name="doc"/>, 0 when it has none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Get(int doc) => _offsets is not null ? _min + _offsets[doc] : _values![doc];

    private static SegmentSequences Decode(AtomicReader reader)
    {
        var maxDoc = reader.MaxDoc;
        var numbers = reader.GetNumericDocValues(IndexLayout.Sequence);
        var values = new long[maxDoc];
        if (numbers is null || maxDoc == 0)
        {
            return new SegmentSequences(0, null, values); // no values: every document reads 0
        }

        long min = long.MaxValue, max = long.MinValue;
        for (var doc = 0; doc < maxDoc; doc++)
        {
            var value = numbers.Get(doc);
            values[doc] = value;
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        if (max - min > int.MaxValue)
        {
            return new SegmentSequences(0, null, values);
        }

        var offsets = new int[maxDoc];
        for (var doc = 0; doc < maxDoc; doc++)
        {
            offsets[doc] = (int)(values[doc] - min);
        }

        return new SegmentSequences(min, offsets, null);
    }
}
