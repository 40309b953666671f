namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>Files of a shard recovery: <c>reused</c> were already on the node, <c>recovered</c> copied so far, of <c>total</c>.</summary>
public sealed record RecoveryFiles(long Total = 0, long Reused = 0, long Recovered = 0);
