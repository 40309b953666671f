using Console.Shared.Events;
using Console.Shared.Query;
using Console.Shared.Storage;

namespace Console.Web.Discover;

/// <summary>The field types of an index pattern as the store lists them, for checking a query while it is typed.</summary>
public sealed class FieldTypeMap(IEnumerable<LogField> fields) : IFieldTypes
{
    private readonly Dictionary<string, FieldType> _types = fields.ToDictionary(f => f.Name, f => f.Type, StringComparer.Ordinal);

    public FieldType? TypeOf(string field) =>
        _types.TryGetValue(field, out var type) ? type : LogSchema.Known.TryGetValue(field, out var known) ? known : null;
}
