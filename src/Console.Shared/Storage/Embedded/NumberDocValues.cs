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
        private readonly BytesRef _scratch = new();
        private int _lastOrd = -1;
        private long _lastRaw;

        public override bool TryGet(int doc, out long raw)
        {
            var ord = values.GetOrd(doc);
            if (ord < 0)
            {
                raw = 0;
                return false;
            }

            // Neighbouring events often share a value (a status, a process id): decode each run once.
            if (ord != _lastOrd)
            {
                values.LookupOrd(ord, _scratch);
                _lastRaw = SortableNumberBytes.Read(_scratch, isDouble);
                _lastOrd = ord;
            }

            raw = _lastRaw;
            return true;
        }
    }
}
