namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>Bytes of a shard recovery: <c>reused</c> were already on the node, <c>recovered</c> copied so far, of <c>total</c>.</summary>
public sealed record RecoveryBytes(long TotalInBytes = 0, long ReusedInBytes = 0, long RecoveredInBytes = 0);
