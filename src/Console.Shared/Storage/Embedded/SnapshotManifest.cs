using Console.Shared.Storage.Snapshots;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// <c>manifest.json</c> of an embedded snapshot, written after every file was copied: a snapshot without one was cut
/// short. Each file's length and SHA-256 let a restore refuse a damaged copy.
/// </summary>
internal sealed record SnapshotManifest(
    string Name, SnapshotState State, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, IReadOnlyList<SnapshotManifestIndex> Indices)
{
    public const string FileName = "manifest.json";

    public long FileCount => Indices.Sum(i => (long)i.Files.Count);

    public long ByteCount => Indices.Sum(i => i.Files.Sum(f => f.Length));
}
