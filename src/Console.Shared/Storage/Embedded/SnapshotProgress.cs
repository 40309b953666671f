using Console.Shared.Storage.Snapshots;

namespace Console.Shared.Storage.Embedded;

/// <summary>A snapshot being taken: totals known at the start, counts moved on by the copying task.</summary>
internal sealed class SnapshotProgress(string name, DateTimeOffset startedAt, IReadOnlyList<string> indices, long filesTotal, long bytesTotal)
{
    private long _filesDone;
    private long _bytesDone;

    public string Name { get; } = name;

    public void AddBytes(long count) => Interlocked.Add(ref _bytesDone, count);

    public void AddFile() => Interlocked.Increment(ref _filesDone);

    public SnapshotSummary Summary() => new(Name, SnapshotState.InProgress, startedAt, null, indices,
        Interlocked.Read(ref _filesDone), filesTotal, Interlocked.Read(ref _bytesDone), bytesTotal, null);
}
