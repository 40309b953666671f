namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>
/// A snapshot's progress: <c>total</c> is every file of its shards, <c>incremental</c> what this snapshot has to copy
/// (the repository already holds the rest), <c>processed</c> what it has copied so far (only while it runs).
/// </summary>
public sealed record SnapshotStats(SnapshotFileStats? Incremental = null, SnapshotFileStats? Processed = null, SnapshotFileStats? Total = null,
    long? StartTimeInMillis = null, long? TimeInMillis = null);
