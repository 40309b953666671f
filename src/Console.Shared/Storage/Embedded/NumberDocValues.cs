using Lucene.Net.Index;
using Lucene.Net.Util;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// The values of one numeric or date field in one segment, whichever <see cref="NumberDocValuesEncoding"/> wrote them:
/// each segment's field info says which. Values are raw doc values (a double as its IEEE bits). Not thread-safe.
/// </summary>
internal abstract class NumberDocValues
{
    /// <summary>The field's values in the segment; null when no document of it has the field.</summary>
    public static NumberDocValues? For(AtomicReader reader, string field, Events.FieldType type)
    {
        switch (reader.FieldInfos.FieldInfo(field)?.DocValuesType)
        {
            case DocValuesType.NUMERIC:
                var numbers = reader.GetNumericDocValues(field);
                var present = reader.GetDocsWithField(field);
                return numbers is null || present is null ? null : new Numeric(numbers, present);
            case DocValuesType.SORTED:
                var sorted = reader.GetSortedDocValues(field);
                return sorted is null ? null : new Sorted(sorted, type == Events.FieldType.Double);
            default:
                return null;
        }
    }

    /// <summary>The document's value, if it has one.</summary>
    public abstract bool TryGet(int doc, out long raw);

    private sealed class Numeric(NumericDocValues numbers, IBits present) : NumberDocValues
    {
        // A document without a value reads as 0, so only a 0 needs the docs-with-field bits, which Lucene.Net reads with
        // a seek and a byte read per call.
        public override bool TryGet(int doc, out long raw)
        {
            raw = numbers.Get(doc);
            return raw != 0 || present.Get(doc);
        }
    }

    private sealed class Sorted(SortedDocValues values, bool isDouble) : NumberDocValues
    {
        /// <summary>Above this many distinct values in a segment each read decodes its bytes again instead of keeping them (8 bytes each).</summary>
        private const int MaxCachedValues = 1 << 21;

        private readonly BytesRef _scratch = new();

        // Each distinct value decoded once per segment and query: LookupOrd is a seek and a read in Lucene.Net.
        private readonly long[]? _decoded = values.ValueCount <= MaxCachedValues ? new long[values.ValueCount] : null;
        private readonly ulong[]? _isDecoded = values.ValueCount <= MaxCachedValues ? new ulong[(values.ValueCount + 63) >> 6] : null;

        public override bool TryGet(int doc, out long raw)
        {
            var ord = values.GetOrd(doc);
            if (ord < 0)
            {
                raw = 0;
                return false;
            }

            if (_decoded is null || _isDecoded is null)
            {
                raw = Decode(ord);
                return true;
            }

            ref var word = ref _isDecoded[ord >> 6];
            var bit = 1UL << (ord & 63);
            if ((word & bit) == 0)
            {
                _decoded[ord] = Decode(ord);
                word |= bit;
            }

            raw = _decoded[ord];
            return true;
        }

        private long Decode(int ord)
        {
            values.LookupOrd(ord, _scratch);
            return SortableNumberBytes.Read(_scratch, isDouble);
        }
    }
}
