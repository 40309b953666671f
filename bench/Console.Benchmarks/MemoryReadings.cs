namespace Console.Benchmarks;

/// <summary>RSS at the phase boundaries, in bytes (null off Linux).</summary>
/// <param name="Baseline">After the NDJSON was generated and a full GC, before the store existed; includes the NDJSON held in memory.</param>
/// <param name="PeakIndexing">VmHWM at the end of indexing; the peak of indexing alone when <paramref name="PeakWasReset"/>.</param>
/// <param name="PeakEnd">VmHWM after the queries.</param>
internal sealed record MemoryReadings(
    long? Baseline,
    long? PeakIndexing,
    long? AfterIndexing,
    long? PeakEnd,
    long? AfterQueries,
    bool PeakWasReset,
    long ManagedHeapAfterIndexing);
