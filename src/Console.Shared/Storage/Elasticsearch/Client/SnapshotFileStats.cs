namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>Files and bytes, as in the <c>stats</c> of <c>_snapshot/.../_status</c>.</summary>
public sealed record SnapshotFileStats(long FileCount = 0, long SizeInBytes = 0);
