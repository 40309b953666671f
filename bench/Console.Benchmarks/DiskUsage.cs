namespace Console.Benchmarks;

/// <summary>Bytes and files under the data directory right after the final commit and after the store closed.</summary>
/// <param name="AfterClose">Once the store was disposed, which waits for running merges and commits them.</param>
/// <param name="Close">How long closing took, i.e. merge work still pending when indexing "finished".</param>
internal sealed record DiskUsage(long AfterCommit, int FilesAfterCommit, long AfterClose, int FilesAfterClose, TimeSpan Close);
