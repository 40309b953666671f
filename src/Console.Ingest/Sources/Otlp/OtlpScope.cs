namespace Console.Ingest.Sources.Otlp;

/// <summary>A resource's attributes, or an instrumentation scope's name, version and attributes, shared by the records under it.</summary>
public sealed record OtlpScope(string? Name, string? Version, OtlpAttributes Attributes)
{
    public static OtlpScope None { get; } = new(null, null, OtlpAttributes.Empty);
}
