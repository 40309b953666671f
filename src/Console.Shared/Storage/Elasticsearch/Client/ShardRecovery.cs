namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>
/// One shard copy's recovery: <c>type</c> is <c>SNAPSHOT</c> for a restore (<c>PEER</c> for a replica copied from its
/// primary, <c>EXISTING_STORE</c> after a restart); <c>stage</c> ends at <c>DONE</c>; <c>index</c> counts its files and bytes.
/// </summary>
public sealed record ShardRecovery(int Id, string? Type = null, string? Stage = null, bool Primary = false, RecoveryIndexStats? Index = null);
