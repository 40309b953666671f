using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Console.Shared.Events;
using Console.Shared.Query;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Util;
using LuceneFieldType = Lucene.Net.Documents.FieldType;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// Turns a log event into the Lucene fields of <see cref="IndexLayout"/>. Not thread-safe: each indexing thread has its own.
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

    /// <summary>Builds the document; <paramref name="flagged"/> counts values kept in _source that could not be indexed as their field's type.</summary>
    public Document Build(LogEvent logEvent, long sequence, out int flagged)
    {
        var family = IndexNames.BaseOf(logEvent.Index);
        var doc = new Document
        {
            new StringField(LogSchema.IdField, logEvent.Id, Field.Store.YES),
            new StoredField(IndexLayout.Source, Serialize(logEvent.Source)),
        };
        var millis = logEvent.Timestamp.ToUnixTimeMilliseconds();
        doc.Add(new Int64Field(LogSchema.Timestamp, millis, LongType));
        doc.Add(new NumericDocValuesField(LogSchema.Timestamp, millis));
        doc.Add(new NumericDocValuesField(IndexLayout.Sequence, sequence));

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

            if (_seen.Add(name))
            {
                doc.Add(new StringField(LogSchema.FieldNamesField, name, Field.Store.NO));
            }
        }

        foreach (var name in _ignored)
        {
            doc.Add(new StringField(LogSchema.IgnoredField, name, Field.Store.YES));
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

                doc.Add(new StringField(name, SchemaQueryParser.Keyword(text), Field.Store.NO));
                doc.Add(new SortedSetDocValuesField(name, new BytesRef(text)));
                return true;
            }

            case Events.FieldType.Text:
            {
                var text = AsString(value, kind);
                if (text is null)
                {
                    return false;
                }

                doc.Add(new Field(name, text, TextType));
                if (name == LogSchema.Message)
                {
                    var raw = text.Length > IndexLayout.RawMessageMaxChars ? text[..IndexLayout.RawMessageMaxChars] : text;
                    doc.Add(new StringField(IndexLayout.RawMessage, raw, Field.Store.NO));
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
                doc.Add(new Int64Field(name, integral, LongType));
                if (_withDocValues.Add(name))
                {
                    doc.Add(new NumericDocValuesField(name, integral));
                }

                return true;
            }

            case Events.FieldType.Double:
            {
                if (!TryGetDouble(value, kind, out var number) || !double.IsFinite(number))
                {
                    return false;
                }

                doc.Add(new DoubleField(name, number, DoubleType));
                if (_withDocValues.Add(name))
                {
                    doc.Add(new DoubleDocValuesField(name, number));
                }

                return true;
            }

            case Events.FieldType.Date:
            {
                if (!TimestampParser.TryParse(value, out var date))
                {
                    return false;
                }

                var millis = date.ToUnixTimeMilliseconds();
                doc.Add(new Int64Field(name, millis, LongType));
                if (_withDocValues.Add(name))
                {
                    doc.Add(new NumericDocValuesField(name, millis));
                }

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
                doc.Add(new StringField(name, text, Field.Store.NO));
                doc.Add(new SortedSetDocValuesField(name, new BytesRef(text)));
                return true;
            }

            default:
                return false;
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

    private byte[] Serialize(JsonObject source)
    {
        _buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_buffer))
        {
            source.WriteTo(writer);
        }

        return _buffer.WrittenSpan.ToArray();
    }

    private static LuceneFieldType Frozen(LuceneFieldType type)
    {
        type.Freeze();
        return type;
    }
}
