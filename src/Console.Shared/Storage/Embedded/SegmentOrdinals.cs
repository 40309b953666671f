using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// The ordinal of a single-valued keyword field (<c>log_level</c>, <c>service</c>, ...) for every document of one
/// segment, decoded once into 1 or 2 bytes per document and kept while the segment is open. Reading an ordinal through
/// Lucene.Net's sorted-set doc values is a seek and byte reads per document (as for <see cref="SegmentTimestamps"/>),
/// which made a histogram split by level over a million events cost several hundred milliseconds. Only a field with at
/// most <see cref="MaxValues"/> distinct values in the segment and at most one value per document is kept; any other
/// field is read from its doc values as before.
/// </summary>
internal sealed class SegmentOrdinals
{
    /// <summary>Above this many distinct values a field is not decoded (a field such as request_id would take 4 bytes a document and gain little).</summary>
    public const int MaxValues = ushort.MaxValue - 1;

    private static readonly ConditionalWeakTable<object, ConcurrentDictionary<string, SegmentOrdinals?>> Cache = new();

    // Ordinal + 1 per document; 0 when the document has no value.
    private readonly byte[]? _narrow;
    private readonly ushort[]? _wide;

    private SegmentOrdinals(byte[]? narrow, ushort[]? wide)
    {
        _narrow = narrow;
        _wide = wide;
    }

    /// <summary>
    /// The decoded ordinals of <paramref name="field"/> in the segment of <paramref name="reader"/>: the ordinals of its
    /// sorted-set doc values there (a segment's ordinals never change). Null when the segment has no value of the field,
    /// a document with several, or too many distinct values.
    /// </summary>
    public static SegmentOrdinals? Of(AtomicReader reader, string field)
    {
        var fields = Cache.GetValue(reader.CoreCacheKey, _ => new ConcurrentDictionary<string, SegmentOrdinals?>(StringComparer.Ordinal));
        return fields.GetOrAdd(field, _ => Decode(reader.MaxDoc, reader.GetSortedSetDocValues(field)));
    }

    /// <summary>The document's ordinal plus one, or 0 when it has no value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int OrdinalPlusOne(int doc) => _narrow is not null ? _narrow[doc] : _wide![doc];

    private static SegmentOrdinals? Decode(int maxDoc, SortedSetDocValues? values)
    {
        var single = values is null ? null : DocValues.UnwrapSingleton(values);
        if (values is null || single is null || values.ValueCount > MaxValues)
        {
            return null;
        }

        if (values.ValueCount < byte.MaxValue)
        {
            var narrow = new byte[maxDoc];
            for (var doc = 0; doc < maxDoc; doc++)
            {
                narrow[doc] = (byte)(single.GetOrd(doc) + 1);
            }

            return new SegmentOrdinals(narrow, null);
        }

        var wide = new ushort[maxDoc];
        for (var doc = 0; doc < maxDoc; doc++)
        {
            wide[doc] = (ushort)(single.GetOrd(doc) + 1);
        }

        return new SegmentOrdinals(null, wide);
    }
}
