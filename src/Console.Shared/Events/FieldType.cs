namespace Console.Shared.Events;

/// <summary>How a field is indexed; mirrors the Elasticsearch mapping types we support.</summary>
public enum FieldType
{
    Keyword,
    Text,
    Long,
    Double,
    Date,
    Boolean,
}
