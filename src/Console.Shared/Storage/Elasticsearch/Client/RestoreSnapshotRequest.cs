namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>The body of <c>POST _snapshot/repository/snapshot/_restore</c>: indices (comma-separated) and an optional rename.</summary>
public sealed record RestoreSnapshotRequest(string Indices, string? RenamePattern = null, string? RenameReplacement = null, bool IncludeGlobalState = false);
