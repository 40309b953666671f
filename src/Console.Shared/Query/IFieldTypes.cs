using Console.Shared.Events;

namespace Console.Shared.Query;

/// <summary>Answers the type of a field in the indices a query runs on, so the parser can build the right query for it.</summary>
public interface IFieldTypes
{
    /// <summary>The field's type, or null when no event in those indices has had the field.</summary>
    FieldType? TypeOf(string field);
}
