namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>A snapshot as <c>GET _snapshot/repository/_all</c> and a finished create describe it.</summary>
public sealed record SnapshotInfo(
    string Snapshot,
    string? Uuid = null,
    string? State = null,
    List<string>? Indices = null,
    long? StartTimeInMillis = null,
    long? EndTimeInMillis = null,
    SnapshotShards? Shards = null,
    List<SnapshotShardFailure>? Failures = null);
