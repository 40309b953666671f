namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary><c>GET {indices}/_recovery</c>: each index's shard recoveries, by index name.</summary>
public sealed class RecoveryResponse : Dictionary<string, IndexRecovery>
{
    public RecoveryResponse()
        : base(StringComparer.Ordinal)
    {
    }
}
