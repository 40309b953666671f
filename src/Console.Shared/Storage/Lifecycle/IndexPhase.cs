namespace Console.Shared.Storage.Lifecycle;

/// <summary>Where an index is in its lifecycle (Elasticsearch ILM's phase names).</summary>
public enum IndexPhase
{
    /// <summary>No policy matches the index, or its name has no day to age from.</summary>
    Unmanaged,

    /// <summary>Written to and searched.</summary>
    Hot,

    /// <summary>Read-only and merged to few segments; still searched.</summary>
    Warm,

    /// <summary>Read-only; the embedded store keeps it closed until a search reaches it.</summary>
    Cold,

    /// <summary>Past its retention: deleted at the next lifecycle run.</summary>
    Delete,
}
