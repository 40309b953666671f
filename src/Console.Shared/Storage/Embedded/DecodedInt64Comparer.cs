using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// Sorts by a long per document read from a segment's decoded array (<see cref="SegmentTimestamps"/>,
/// <see cref="SegmentSequences"/>) instead of Lucene.Net's numeric doc values. Orders exactly as Lucene's
/// <c>SortFieldType.INT64</c> comparer without a missing value: a document without a value sorts as 0, and the direction
/// is applied by the collector.
/// </summary>
internal abstract class DecodedInt64Comparer(int numHits) : FieldComparer<J2N.Numerics.Int64>
{
    private readonly long[] _slots = new long[numHits];
    private long _bottom;
    private long _top;

    // Boxed as J2N longs, as Lucene.Net's own INT64 comparer does and as a search_after cursor is given back.
    public override J2N.Numerics.Int64 this[int slot] => J2N.Numerics.Int64.GetInstance(_slots[slot]);

    public override int Compare(int slot1, int slot2) => _slots[slot1].CompareTo(_slots[slot2]);

    public override void SetBottom(int slot) => _bottom = _slots[slot];

    public override void SetTopValue(J2N.Numerics.Int64 value) => _top = value.ToInt64();

    public override int CompareBottom(int doc) => _bottom.CompareTo(ValueOf(doc));

    public override int CompareTop(int doc) => _top.CompareTo(ValueOf(doc));

    public override void Copy(int slot, int doc) => _slots[slot] = ValueOf(doc);

    public override int CompareValues(J2N.Numerics.Int64 first, J2N.Numerics.Int64 second) => first.ToInt64().CompareTo(second.ToInt64());

    /// <summary>The value of a document of the current segment.</summary>
    protected abstract long ValueOf(int doc);
}
