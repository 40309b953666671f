namespace Console.Shared.Storage;

/// <summary>What operators do with indices besides reading and writing them: lifecycle state, force merges, health checks.</summary>
public interface IIndexAdministration
{
    Task<IReadOnlyList<IndexStatus>> ListIndexStatusAsync(string indexPattern = "*", CancellationToken cancellationToken = default);

    /// <summary>Merges one concrete index down to at most <paramref name="maxSegments"/> segments; false when there is no such index.</summary>
    Task<bool> ForceMergeAsync(string name, int maxSegments, CancellationToken cancellationToken = default);

    /// <summary>Checks the store (Elasticsearch's cluster health, or that each embedded index can be read).</summary>
    Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default);
}
