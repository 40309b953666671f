namespace Console.Shared.Storage.Snapshots;

/// <summary>
/// The newest restore from a snapshot: the indices it creates and how far it got, in files and bytes (the embedded
/// store's copies, or the shards' recoveries from the snapshot on Elasticsearch), and how it ended.
/// </summary>
/// <param name="Failure">Why it failed, when it did.</param>
public sealed record RestoreProgress(
    string Snapshot,
    RestoreState State,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<string> Indices,
    long FilesDone,
    long FilesTotal,
    long BytesDone,
    long BytesTotal,
    string? Failure);
