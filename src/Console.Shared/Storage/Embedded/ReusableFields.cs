using System.Runtime.InteropServices;
using Lucene.Net.Documents;
using Lucene.Net.Util;
using LuceneFieldType = Lucene.Net.Documents.FieldType;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// The Lucene field instances of one <see cref="DocumentBuilder"/>, handed out again for every document. A field built
/// new per document costs Lucene.Net a fresh token stream and attribute source each time (about 2.5 KB for a keyword,
/// 3 KB for a number); a reused one keeps them, which is Lucene's own advice for fast indexing. A field handed out is
/// valid until <see cref="NextDocument"/>; the IndexWriter has consumed the document by then. Not thread-safe.
/// </summary>
internal sealed class ReusableFields
{
    private readonly Func<string, Int64Field> _newLong;
    private readonly Func<string, DoubleField> _newDouble;
    private readonly Func<string, AnalyzedTextField> _newText;
    private readonly Dictionary<string, Slot<StringField>> _terms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Slot<StringField>> _storedTerms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Slot<AnalyzedTextField>> _texts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Slot<Int64Field>> _longs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Slot<DoubleField>> _doubles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Slot<NumericDocValuesField>> _longValues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Slot<DoubleDocValuesField>> _doubleValues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Slot<SortedSetDocValuesField>> _sortedSetValues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Slot<SortedDocValuesField>> _sortedNumbers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Slot<StoredField>> _storedBytes = new(StringComparer.Ordinal);
    private int _document;

    public ReusableFields(LuceneFieldType longType, LuceneFieldType doubleType, LuceneFieldType textType)
    {
        // Made once: a lambda over a constructor argument would be a new delegate on every call.
        _newLong = name => new Int64Field(name, 0L, longType);
        _newDouble = name => new DoubleField(name, 0d, doubleType);
        var ascii = new AsciiTextTokenStream();
        _newText = name => new AnalyzedTextField(name, textType, ascii);
    }

    /// <summary>Starts a new document: every field may be handed out again.</summary>
    public void NextDocument() => _document++;

    /// <summary>An indexed, not stored, untokenized term (a <see cref="StringField"/>).</summary>
    public StringField Term(string name, string value) =>
        WithString(Take(_terms, name, static n => new StringField(n, string.Empty, Field.Store.NO)), value);

    /// <summary>An indexed and stored untokenized term.</summary>
    public StringField StoredTerm(string name, string value) =>
        WithString(Take(_storedTerms, name, static n => new StringField(n, string.Empty, Field.Store.YES)), value);

    /// <summary>Analyzed full text (ASCII values by <see cref="AsciiTextTokenStream"/>, the others by the writer's analyzer).</summary>
    public Field Text(string name, string value) =>
        WithString(Take(_texts, name, _newText), value);

    public Int64Field Long(string name, long value)
    {
        var field = Take(_longs, name, _newLong);
        field.SetInt64Value(value);
        return field;
    }

    public DoubleField Double(string name, double value)
    {
        var field = Take(_doubles, name, _newDouble);
        field.SetDoubleValue(value);
        return field;
    }

    public NumericDocValuesField LongDocValue(string name, long value)
    {
        var field = Take(_longValues, name, static n => new NumericDocValuesField(n, 0L));
        field.SetInt64Value(value);
        return field;
    }

    public DoubleDocValuesField DoubleDocValue(string name, double value)
    {
        var field = Take(_doubleValues, name, static n => new DoubleDocValuesField(n, 0d));
        field.SetDoubleValue(value);
        return field;
    }

    /// <summary>A sorted-set doc value; its bytes are copied into a buffer the field keeps, so no array per value.</summary>
    public SortedSetDocValuesField SortedSetDocValue(string name, string value)
    {
        var field = Take(_sortedSetValues, name, static n => new SortedSetDocValuesField(n, new BytesRef()));
        var bytes = field.GetBinaryValue();
        bytes.CopyChars(value);
        field.SetBytesValue(bytes);
        return field;
    }

    /// <summary>A number as a sorted doc value (<see cref="NumberDocValuesEncoding.SortedBytes"/>); <paramref name="raw"/> is a double's IEEE bits when <paramref name="isDouble"/>.</summary>
    public SortedDocValuesField SortedNumberDocValue(string name, long raw, bool isDouble)
    {
        var field = Take(_sortedNumbers, name, static n => new SortedDocValuesField(n, new BytesRef(SortableNumberBytes.Length)));
        var bytes = field.GetBinaryValue();
        SortableNumberBytes.Write(raw, isDouble, bytes);
        field.SetBytesValue(bytes);
        return field;
    }

    /// <summary>Stored bytes, read by the IndexWriter before the document is done; <paramref name="value"/> may be reused after that.</summary>
    public StoredField StoredBytes(string name, ArraySegment<byte> value)
    {
        var field = Take(_storedBytes, name, static n => new StoredField(n, new BytesRef()));
        var bytes = field.GetBinaryValue();
        bytes.Bytes = value.Array!;
        bytes.Offset = value.Offset;
        bytes.Length = value.Count;
        field.SetBytesValue(bytes);
        return field;
    }

    private static T WithString<T>(T field, string value)
        where T : Field
    {
        field.SetStringValue(value);
        return field;
    }

    private T Take<T>(Dictionary<string, Slot<T>> slots, string name, Func<string, T> create)
        where T : Field
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(slots, name, out _);
        slot ??= new Slot<T>();
        return slot.Next(_document, name, create);
    }

    /// <summary>The instances of one field name: a document with several values of the name takes several.</summary>
    private sealed class Slot<T>
        where T : Field
    {
        private readonly List<T> _instances = [];
        private int _document = -1;
        private int _used;

        public T Next(int document, string name, Func<string, T> create)
        {
            if (document != _document)
            {
                _document = document;
                _used = 0;
            }

            if (_used == _instances.Count)
            {
                _instances.Add(create(name));
            }

            return _instances[_used++];
        }
    }
}
