namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>Why a shard of a snapshot failed.</summary>
public sealed record SnapshotShardFailure(string? Index = null, int? ShardId = null, string? Reason = null);
