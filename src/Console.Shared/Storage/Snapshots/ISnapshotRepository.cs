namespace Console.Shared.Storage.Snapshots;

/// <summary>
/// Snapshots of chosen indices in a repository folder (the embedded store's own copies, or Elasticsearch's <c>fs</c>
/// repository). Taking one runs in the background and reports progress; restoring works while the console runs.
/// </summary>
public interface ISnapshotRepository
{
    Task<IReadOnlyList<SnapshotSummary>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>The snapshot with its progress, or null.</summary>
    Task<SnapshotSummary?> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Starts a snapshot of the concrete indices matching <paramref name="indexPattern"/> (a comma-separated list) and returns it in progress.</summary>
    /// <exception cref="StoreRequestException">The name is taken or not valid, or no index matches.</exception>
    Task<SnapshotSummary> StartAsync(string name, string indexPattern, CancellationToken cancellationToken = default);

    /// <summary>Restores indices of a finished snapshot; an index of the target name must not exist.</summary>
    /// <exception cref="StoreRequestException">No such snapshot, it is not finished, a target exists, or a rename gives an invalid name.</exception>
    Task<RestoreResult> RestoreAsync(string name, RestoreRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// The newest restore from snapshot <paramref name="name"/> since the console started, running or finished, with its
    /// progress in files and bytes; null when there was none.
    /// </summary>
    Task<RestoreProgress?> GetRestoreAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Deletes a snapshot; false when there is none of that name.</summary>
    /// <exception cref="StoreRequestException">The snapshot is still being taken.</exception>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default);
}
