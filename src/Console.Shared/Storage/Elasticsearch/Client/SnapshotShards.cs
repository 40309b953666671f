namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>The <c>shards</c> of a snapshot or a restore: how many there were, failed and succeeded.</summary>
public sealed record SnapshotShards(int Total = 0, int Failed = 0, int Successful = 0);
