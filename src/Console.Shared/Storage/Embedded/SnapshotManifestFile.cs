namespace Console.Shared.Storage.Embedded;

/// <summary>One Lucene file of a snapshotted commit.</summary>
internal sealed record SnapshotManifestFile(string Name, long Length, string Sha256);
