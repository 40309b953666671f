using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Console.Shared.Query;

/// <summary>
/// A <see cref="CachingWrapperFilter"/> that adds up the bytes of the sets it keeps as it keeps them. Lucene's own
/// <c>GetSizeInBytes</c> walks every kept set by reflection (<c>RamUsageEstimator</c>), and a cache bound asks for it for
/// every entry on every insertion. Sets of segments since merged away still count: the figure is an upper bound, which
/// is what a bound on a cache needs.
/// </summary>
public class MeasuredCachingFilter(Filter filter) : CachingWrapperFilter(filter)
{
    private long _bytes;

    /// <summary>Bytes of the sets kept so far.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    protected override DocIdSet DocIdSetToCache(DocIdSet docIdSet, AtomicReader reader)
    {
        var kept = base.DocIdSetToCache(docIdSet, reader);
        Interlocked.Add(ref _bytes, BytesOf(kept));
        return kept;
    }

    /// <summary>The bytes of a kept set: what it says it uses, a bit per document for a bitset, a little for the empty set.</summary>
    internal static long BytesOf(DocIdSet set) => set switch
    {
        IAccountable accountable => accountable.RamBytesUsed(),
        WAH8DocIdSet compressed => compressed.RamBytesUsed(),
        FixedBitSet bits => bits.GetBits().Length * 8L,
        _ => 64,
    };
}
