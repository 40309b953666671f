namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>One entry of <c>GET _snapshot/repository/snapshot/_status</c>.</summary>
public sealed record SnapshotStatus(string Snapshot, string? Repository = null, string? State = null, SnapshotStats? Stats = null);
