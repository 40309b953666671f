using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
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

    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly HashSet<string> _withDocValues = new(StringComparer.Ordinal);
    private readonly List<string> _ignored = [];
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly ReusableFields _fields = new(LongType, DoubleType, TextType);
    private readonly DottedFieldNames _names = new();

    // One document for every event: a new one grew its field list four times per event (a third of the builder's time
    // went to resizing and the garbage collections it caused).
    private readonly Document _document = [];
    private NumberDocValuesEncoding _numbers = NumberDocValuesEncoding.Numeric;
    private string? _lastIndex;
    private string _family = string.Empty;

    /// <summary>Builds the document; <paramref name="flagged"/> counts values kept in _source that could not be indexed as their field's type.</summary>
    public Document Build(LogEvent logEvent, long sequence, NumberDocValuesEncoding numbers, out int flagged)
    {
        _numbers = numbers;
        _fields.NextDocument();
        UseFamilyOf(logEvent.Index);
        var doc = _document;
        doc.Fields.Clear();
        var json = logEvent.SourceJson is { } written ? written : Serialize(logEvent.Source);
        doc.Add(_fields.StoredTerm(LogSchema.IdField, logEvent.Id));
        doc.Add(_fields.StoredBytes(IndexLayout.Source, json));
        // @timestamp is a doc value only: every time range the store runs reads the segments' decoded times
        // (TimestampRangeQueries, TimeRangeFilter), so its trie terms (four per event, the finest nearly unique) were
        // indexed and never read.
        var millis = logEvent.Timestamp.ToUnixTimeMilliseconds();
        doc.Add(_fields.LongDocValue(LogSchema.Timestamp, millis));
        doc.Add(_fields.LongDocValue(IndexLayout.Sequence, sequence));

        _seen.Clear();
        _withDocValues.Clear();
        _ignored.Clear();
        // The fields are read from the event's JSON as EventFlattener walks its tree (the same dotted names, the same
        // order, objects deeper than its limit left out): the indexer has the queue's bytes, and a tree of them cost a
        // third of the builder's time and most of its garbage.
        var reader = new Utf8JsonReader(json);
        if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            AddObject(doc, ref reader, prefixLength: 0, depth: 0);
        }

        foreach (var name in _ignored)
        {
            doc.Add(_fields.StoredTerm(LogSchema.IgnoredField, name));
        }

        flagged = _ignored.Count;
        return doc;
    }

    /// <summary>The fields of the object the reader is on; leaves it on the object's end.</summary>
    private void AddObject(Document doc, ref Utf8JsonReader reader, int prefixLength, int depth)
    {
        if (depth > EventFlattener.MaxDepth)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var nameLength = _names.Append(ref reader, prefixLength);
            reader.Read();
            if (nameLength < 0)
            {
                reader.Skip();
                continue;
            }

            AddValue(doc, ref reader, nameLength, depth);
        }
    }

    private void AddValue(Document doc, ref Utf8JsonReader reader, int nameLength, int depth)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                AddObject(doc, ref reader, nameLength, depth + 1);
                break;
            case JsonTokenType.StartArray:
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    AddValue(doc, ref reader, nameLength, depth + 1);
                }

                break;
            default:
                AddScalar(doc, ref reader, _names.Get(nameLength));
                break;
        }
    }

    private void AddScalar(Document doc, ref Utf8JsonReader reader, string name)
    {
        if (name == LogSchema.Timestamp || LogSchema.IsReserved(name) || reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        var type = catalog.Resolve(_family, name, FirstSightType(ref reader));
        if (type is null || !TryAdd(doc, name, type.Value, ref reader))
        {
            Flag(name);
            return;
        }

        // _exists_ reads the doc values of fields that have them (FieldExistsQuery), as Elasticsearch does: only
        // full-text fields need a _field_names term, which saves ~10 indexed terms per event.
        if (type == Events.FieldType.Text && _seen.Add(name))
        {
            doc.Add(_fields.Term(LogSchema.FieldNamesField, name));
        }
    }

    private void Flag(string name)
    {
        if (!_ignored.Contains(name))
        {
            _ignored.Add(name);
        }
    }

    private bool TryAdd(Document doc, string name, Events.FieldType type, ref Utf8JsonReader value)
    {
        switch (type)
        {
            case Events.FieldType.Keyword:
            {
                var text = AsString(ref value);
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
                var text = AsString(ref value);
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
                if (!TryGetDouble(ref value, out var number) || double.IsNaN(number) || number is < long.MinValue or > long.MaxValue)
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
                if (!TryGetDouble(ref value, out var number) || !double.IsFinite(number))
                {
                    return false;
                }

                doc.Add(_fields.Double(name, number));
                AddNumberDocValue(doc, name, BitConverter.DoubleToInt64Bits(number), isDouble: true);

                return true;
            }

            case Events.FieldType.Date:
            {
                if (!TryGetDate(ref value, out var date))
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
                bool? flag = value.TokenType switch
                {
                    JsonTokenType.True => true,
                    JsonTokenType.False => false,
                    JsonTokenType.String => value.GetString()!.ToLowerInvariant() switch { "true" => true, "false" => false, _ => null },
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

    private static Events.FieldType FirstSightType(ref Utf8JsonReader value) => value.TokenType switch
    {
        JsonTokenType.Number => value.TryGetInt64(out _) ? Events.FieldType.Long : Events.FieldType.Double,
        JsonTokenType.True or JsonTokenType.False => Events.FieldType.Boolean,
        _ => Events.FieldType.Keyword,
    };

    /// <summary>A scalar as text: a number as written (<c>55.10</c> stays so), a boolean as <c>true</c> or <c>false</c>.</summary>
    private static string? AsString(ref Utf8JsonReader value) => value.TokenType switch
    {
        JsonTokenType.String => value.GetString(),
        JsonTokenType.Number => Encoding.UTF8.GetString(value.ValueSpan),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        _ => null,
    };

    /// <summary>A number, or a string that holds one (as <see cref="JsonNumbers.TryRead"/> reads a parsed value).</summary>
    private static bool TryGetDouble(ref Utf8JsonReader value, out double number)
    {
        number = 0;
        switch (value.TokenType)
        {
            case JsonTokenType.Number when value.TryGetInt64(out var whole):
                number = whole;
                return true;
            case JsonTokenType.Number:
                return value.TryGetDouble(out number);
            case JsonTokenType.String:
                return double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number);
            default:
                return false;
        }
    }

    /// <summary>A date as <see cref="TimestampParser.TryParse(JsonNode?, out DateTimeOffset)"/> reads one: epoch seconds or milliseconds, or text.</summary>
    private static bool TryGetDate(ref Utf8JsonReader value, out DateTimeOffset date)
    {
        date = default;
        return value.TokenType switch
        {
            JsonTokenType.Number => TryGetDouble(ref value, out var number) && TimestampParser.TryFromEpoch(number, out date),
            JsonTokenType.String => TimestampParser.TryParse(value.GetString(), out date),
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

    /// <summary>Sets the index family of the event, remembered from the previous event: a batch is mostly one daily index.</summary>
    private void UseFamilyOf(string index)
    {
        if (!string.Equals(index, _lastIndex, StringComparison.Ordinal))
        {
            _family = IndexNames.BaseOf(index);
            _lastIndex = index;
        }
    }

    private static LuceneFieldType Frozen(LuceneFieldType type)
    {
        type.Freeze();
        return type;
    }
}
