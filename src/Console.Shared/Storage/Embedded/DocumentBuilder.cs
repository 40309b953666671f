using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Console.Shared.Events;
using Console.Shared.Query;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using LuceneFieldType = Lucene.Net.Documents.FieldType;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// Turns a log event into the Lucene fields of <see cref="IndexLayout"/>. Not thread-safe: each indexing thread has its own.
/// The document and its fields are reused by the next <see cref="Build"/>, so hand it to the IndexWriter before building another.
/// </summary>
internal sealed class DocumentBuilder(FieldCatalog catalog)
{
    private static readonly LuceneFieldType LongType = Frozen(new LuceneFieldType(Int64Field.TYPE_NOT_STORED) { NumericPrecisionStep = IndexLayout.NumericPrecisionStep, OmitNorms = true });
    private static readonly LuceneFieldType DoubleType = Frozen(new LuceneFieldType(DoubleField.TYPE_NOT_STORED) { NumericPrecisionStep = IndexLayout.NumericPrecisionStep, OmitNorms = true });
    private static readonly LuceneFieldType TextType = Frozen(new LuceneFieldType(TextField.TYPE_NOT_STORED) { OmitNorms = true });

    private readonly List<KeyValuePair<string, JsonValue>> _flat = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly HashSet<string> _withDocValues = new(StringComparer.Ordinal);
    private readonly List<string> _ignored = [];
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly ReusableFields _fields = new(LongType, DoubleType, TextType);

    // One document for every event: a new one grew its field list four times per event (a third of the builder's time
    // went to resizing and the garbage collections it caused).
    private readonly Document _document = [];
    private NumberDocValuesEncoding _numbers = NumberDocValuesEncoding.Numeric;
    private string? _lastIndex;
    private string _lastFamily = string.Empty;

    /// <summary>Builds the document; <paramref name="flagged"/> counts values kept in _source that could not be indexed as their field's type.</summary>
    public Document Build(LogEvent logEvent, long sequence, NumberDocValuesEncoding numbers, out int flagged)
    {
        _numbers = numbers;
        _fields.NextDocument();
        var family = FamilyOf(logEvent.Index);
        var doc = _document;
        doc.Fields.Clear();
        doc.Add(_fields.StoredTerm(LogSchema.IdField, logEvent.Id));
        doc.Add(_fields.StoredBytes(IndexLayout.Source, logEvent.SourceJson is { } json ? json : Serialize(logEvent.Source)));
        var millis = logEvent.Timestamp.ToUnixTimeMilliseconds();
        doc.Add(_fields.Long(LogSchema.Timestamp, millis));
        doc.Add(_fields.LongDocValue(LogSchema.Timestamp, millis));
        doc.Add(_fields.LongDocValue(IndexLayout.Sequence, sequence));

        _flat.Clear();
        _seen.Clear();
        _withDocValues.Clear();
        _ignored.Clear();
        EventFlattener.Flatten(logEvent.Source, _flat);
        foreach (var (name, value) in _flat)
        {
            if (name == LogSchema.Timestamp || LogSchema.IsReserved(name))
            {
                continue;
            }

            var kind = value.GetValueKind();
            if (kind == JsonValueKind.Null)
            {
                continue;
            }

            var type = catalog.Resolve(family, name, FirstSightType(value, kind));
            if (type is null || !TryAdd(doc, name, type.Value, value, kind))
            {
                Flag(name);
                continue;
            }

            // _exists_ reads the doc values of fields that have them (FieldExistsQuery), as Elasticsearch does: only
            // full-text fields need a _field_names term, which saves ~10 indexed terms per event.
            if (type == Events.FieldType.Text && _seen.Add(name))
            {
                doc.Add(_fields.Term(LogSchema.FieldNamesField, name));
            }
        }

        foreach (var name in _ignored)
        {
            doc.Add(_fields.StoredTerm(LogSchema.IgnoredField, name));
        }

        flagged = _ignored.Count;
        return doc;
    }

    private void Flag(string name)
    {
        if (!_ignored.Contains(name))
        {
            _ignored.Add(name);
        }
    }

    private bool TryAdd(Document doc, string name, Events.FieldType type, JsonValue value, JsonValueKind kind)
    {
        switch (type)
        {
            case Events.FieldType.Keyword:
            {
                var text = AsString(value, kind);
                if (text is null || text.Length > LogSchema.MaxKeywordLength)
                {
                    return false;
                }

                doc.Add(_fields.Term(name, SchemaQueryParser.Keyword(text)));
                doc.Add(_fields.SortedSetDocValue(name, text));
                return true;
            }

            case Events.FieldType.Text:
            {
                var text = AsString(value, kind);
                if (text is null)
                {
                    return false;
                }

                doc.Add(_fields.Text(name, text));
                if (name == LogSchema.Message)
                {
                    var raw = text.Length > IndexLayout.RawMessageMaxChars ? text[..IndexLayout.RawMessageMaxChars] : text;
                    doc.Add(_fields.Term(IndexLayout.RawMessage, raw));
                }

                return true;
            }

            case Events.FieldType.Long:
            {
                if (!TryGetDouble(value, kind, out var number) || double.IsNaN(number) || number is < long.MinValue or > long.MaxValue)
                {
                    return false;
                }

                var integral = (long)number; // Elasticsearch coerces 3.7 into a long field as 3
                doc.Add(_fields.Long(name, integral));
                AddNumberDocValue(doc, name, integral, isDouble: false);

                return true;
            }

            case Events.FieldType.Double:
            {
                if (!TryGetDouble(value, kind, out var number) || !double.IsFinite(number))
                {
                    return false;
                }

                doc.Add(_fields.Double(name, number));
                AddNumberDocValue(doc, name, BitConverter.DoubleToInt64Bits(number), isDouble: true);

                return true;
            }

            case Events.FieldType.Date:
            {
                if (!TimestampParser.TryParse(value, out var date))
                {
                    return false;
                }

                var millis = date.ToUnixTimeMilliseconds();
                doc.Add(_fields.Long(name, millis));
                AddNumberDocValue(doc, name, millis, isDouble: false);

                return true;
            }

            case Events.FieldType.Boolean:
            {
                bool? flag = kind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.String => AsString(value, kind)?.ToLowerInvariant() switch { "true" => true, "false" => false, _ => null },
                    _ => null,
                };
                if (flag is null)
                {
                    return false;
                }

                var text = flag.Value ? "true" : "false";
                doc.Add(_fields.Term(name, text));
                doc.Add(_fields.SortedSetDocValue(name, text));
                return true;
            }

            default:
                return false;
        }
    }

    /// <summary>The doc value of a number (the first, when an event has several: a doc value holds one per document).</summary>
    private void AddNumberDocValue(Document doc, string name, long raw, bool isDouble)
    {
        if (!_withDocValues.Add(name))
        {
            return;
        }

        if (_numbers == NumberDocValuesEncoding.SortedBytes)
        {
            doc.Add(_fields.SortedNumberDocValue(name, raw, isDouble));
        }
        else if (isDouble)
        {
            doc.Add(_fields.DoubleDocValue(name, BitConverter.Int64BitsToDouble(raw)));
        }
        else
        {
            doc.Add(_fields.LongDocValue(name, raw));
        }
    }

    private static Events.FieldType FirstSightType(JsonValue value, JsonValueKind kind) => kind switch
    {
        JsonValueKind.Number => JsonNumbers.TryRead(value, out _, out var integral) && integral ? Events.FieldType.Long : Events.FieldType.Double,
        JsonValueKind.True or JsonValueKind.False => Events.FieldType.Boolean,
        _ => Events.FieldType.Keyword,
    };

    private static string? AsString(JsonValue value, JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.Number => value.ToJsonString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    private static bool TryGetDouble(JsonValue value, JsonValueKind kind, out double number)
    {
        number = 0;
        return kind switch
        {
            JsonValueKind.Number => JsonNumbers.TryRead(value, out number, out _),
            JsonValueKind.String => double.TryParse(value.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out number),
            _ => false,
        };
    }

    /// <summary>The event's JSON in the builder's buffer, valid until the next call.</summary>
    private ArraySegment<byte> Serialize(JsonObject source)
    {
        _buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_buffer))
        {
            source.WriteTo(writer);
        }

        return MemoryMarshal.TryGetArray(_buffer.WrittenMemory, out var written) ? written : new ArraySegment<byte>(_buffer.WrittenSpan.ToArray());
    }

    /// <summary>The index family, remembered from the previous event: a batch is mostly one daily index.</summary>
    private string FamilyOf(string index)
    {
        if (!string.Equals(index, _lastIndex, StringComparison.Ordinal))
        {
            _lastFamily = IndexNames.BaseOf(index);
            _lastIndex = index;
        }

        return _lastFamily;
    }

    private static LuceneFieldType Frozen(LuceneFieldType type)
    {
        type.Freeze();
        return type;
    }
}
