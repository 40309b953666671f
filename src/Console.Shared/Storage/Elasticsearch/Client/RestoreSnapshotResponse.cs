namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>With <c>wait_for_completion</c>: the restored indices and shards.</summary>
public sealed record RestoreSnapshotResponse(RestoredSnapshot? Snapshot = null, bool? Accepted = null);
