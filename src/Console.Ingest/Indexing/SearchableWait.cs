namespace Console.Ingest.Indexing;

/// <summary>
/// How a <c>refresh=wait_for</c> wait ended: the events are searchable, or they are accepted (durable in the queue) but
/// not searchable yet because the store failed, with the reason. Never "lost": the indexer keeps retrying them.
/// </summary>
public sealed record SearchableWait(bool Searchable, string? Reason)
{
    public static SearchableWait Done { get; } = new(true, null);

    public static SearchableWait Failed(string reason) => new(false, reason);
}
