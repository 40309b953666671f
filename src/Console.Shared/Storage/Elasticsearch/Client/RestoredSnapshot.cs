namespace Console.Shared.Storage.Elasticsearch.Client;

public sealed record RestoredSnapshot(string Snapshot, List<string>? Indices = null, SnapshotShards? Shards = null);
