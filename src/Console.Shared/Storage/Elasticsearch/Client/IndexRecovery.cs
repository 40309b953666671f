namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>One index's entry of <c>_recovery</c>: a recovery per shard copy.</summary>
public sealed record IndexRecovery(List<ShardRecovery> Shards);
