namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>The answer of <c>GET _snapshot/repository/_all</c>.</summary>
public sealed record GetSnapshotsResponse(List<SnapshotInfo> Snapshots);
