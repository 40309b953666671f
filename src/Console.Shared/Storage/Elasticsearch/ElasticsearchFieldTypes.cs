using Console.Shared.Events;
using Console.Shared.Query;
using Console.Shared.Storage.Elasticsearch.Client;

namespace Console.Shared.Storage.Elasticsearch;

/// <summary>The fields of some indices as <c>_field_caps</c> reports them, in the store's own types; also what the query parser asks.</summary>
internal sealed class ElasticsearchFieldTypes : IFieldTypes
{
    private readonly Dictionary<string, FieldType> _types = new(StringComparer.Ordinal);

    public ElasticsearchFieldTypes(FieldCapsResponse caps)
    {
        foreach (var (name, byType) in caps.Fields)
        {
            // Metadata fields and message.raw (message's sub-field for regular expressions) are the store's, not the events'.
            if (name.StartsWith('_') || name == ElasticsearchQueryTranslator.RawMessageField)
            {
                continue;
            }

            if (LogSchema.Known.TryGetValue(name, out var known))
            {
                _types[name] = known;
                continue;
            }

            // A field mapped differently in two daily indices: the type of the older index, as the embedded store keeps the first type it saw.
            var chosen = byType.Values
                .Select(c => (Type: Map(c.Type), c))
                .Where(t => t.Type is not null)
                .OrderBy(t => t.c.Indices?.Min(StringComparer.Ordinal) ?? string.Empty, StringComparer.Ordinal)
                .Select(t => t.Type)
                .FirstOrDefault();
            if (chosen is not null)
            {
                _types[name] = chosen.Value;
            }
        }
    }

    public FieldType? TypeOf(string field) => _types.TryGetValue(field, out var type) ? type : null;

    public IReadOnlyList<LogField> Fields() =>
        _types.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new LogField(p.Key, p.Value)).ToList();

    private static FieldType? Map(string type) => type switch
    {
        "keyword" or "constant_keyword" or "wildcard" or "ip" => FieldType.Keyword,
        "text" or "match_only_text" => FieldType.Text,
        "long" or "integer" or "short" or "byte" or "unsigned_long" => FieldType.Long,
        "double" or "float" or "half_float" or "scaled_float" => FieldType.Double,
        "date" or "date_nanos" => FieldType.Date,
        "boolean" => FieldType.Boolean,
        _ => null, // object, nested, geo and the rest have no place in the console's schema
    };
}
