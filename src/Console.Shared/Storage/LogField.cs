using Console.Shared.Events;

namespace Console.Shared.Storage;

/// <summary>A field of the events in some indices, with the type it is indexed as.</summary>
public sealed record LogField(string Name, FieldType Type);
