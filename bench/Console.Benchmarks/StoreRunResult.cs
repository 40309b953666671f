namespace Console.Benchmarks;

/// <summary>What a <c>--store-child</c> process measured, written as JSON for the <c>--peers</c> run that started it.</summary>
/// <param name="IndexingThreads">The store's <c>Storage:IndexingThreads</c> in the child.</param>
/// <param name="CommittedBytes">The data directory right after the final commit.</param>
/// <param name="ClosedBytes">The data directory once the store was disposed (background merges finished).</param>
/// <param name="PeakRssBytes">VmHWM at the end of indexing (the file is streamed, so it holds no more than two batches of lines).</param>
/// <param name="Queries">Empty unless the child was given a queries file.</param>
internal sealed record StoreRunResult(
    int IndexingThreads,
    int Indexed,
    int Rejected,
    double Seconds,
    double EventsPerSecond,
    long CommittedBytes,
    long ClosedBytes,
    double CloseSeconds,
    long? PeakRssBytes,
    IReadOnlyList<PeerQueryTiming> Queries,
    long? QueryPeakRssBytes);
