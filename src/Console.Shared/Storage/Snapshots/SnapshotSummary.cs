namespace Console.Shared.Storage.Snapshots;

/// <summary>One snapshot in the repository, with its progress while it is being taken.</summary>
/// <param name="FilesDone">Files copied so far (all of them once it succeeded).</param>
/// <param name="Failure">Why it failed, when it did.</param>
public sealed record SnapshotSummary(
    string Name,
    SnapshotState State,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<string> Indices,
    long FilesDone,
    long FilesTotal,
    long BytesDone,
    long BytesTotal,
    string? Failure);
