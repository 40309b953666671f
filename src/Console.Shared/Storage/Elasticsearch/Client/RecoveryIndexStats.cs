namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>The <c>index</c> part of a shard recovery: its files and their bytes, recovered so far and in all.</summary>
public sealed record RecoveryIndexStats(RecoveryBytes? Size = null, RecoveryFiles? Files = null);
