using Console.Shared.Storage;

namespace Console.Benchmarks;

/// <summary>Everything one run measured, for <see cref="MarkdownReport"/>.</summary>
internal sealed record BenchmarkReport(
    DateTimeOffset Started,
    DateTimeOffset Now,
    MachineDescription Machine,
    string Command,
    string? Note,
    string LoadBefore,
    string LoadAfter,
    string CorpusFile,
    ReplicatedCorpus Corpus,
    TimeSpan Generation,
    IndexingResult Indexing,
    DiskUsage Disk,
    IReadOnlyList<IndexInfo> Indices,
    MemoryReadings Memory,
    TimeSpan Refresh,
    int WarmupRuns,
    int MeasuredRuns,
    IReadOnlyList<QueryTiming> Queries);
