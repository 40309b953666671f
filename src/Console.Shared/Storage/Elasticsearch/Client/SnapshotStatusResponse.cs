namespace Console.Shared.Storage.Elasticsearch.Client;

public sealed record SnapshotStatusResponse(List<SnapshotStatus> Snapshots);
