namespace Console.Shared.Storage.Embedded;

/// <summary>One index in a snapshot: its commit's files and its family's field types (for a restore under another name).</summary>
internal sealed record SnapshotManifestIndex(string Name, long DocCount, IReadOnlyList<LogField> Fields, IReadOnlyList<SnapshotManifestFile> Files);
