namespace Console.Benchmarks;

/// <summary>Everything <c>--peers</c> measured at one size: indexing by each engine and thread count, then each query on each engine.</summary>
/// <param name="Queries">The searches, in the order of the timings; the timings have one more entry, the 24 h histogram.</param>
/// <param name="Ripgrep">rg's command line per query (and the histogram), as reported.</param>
internal sealed record PeerSizeResult(
    DateTimeOffset Started,
    TimeSpan Took,
    int Events,
    long RawBytes,
    int TemplateLines,
    int Copies,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<string> Queries,
    IReadOnlyList<PeerIndexingRun> Indexing,
    IReadOnlyList<PeerQueryTiming> ConsoleQueries,
    long? ConsoleQueryPeakRss,
    IReadOnlyList<PeerQueryTiming> LuceneQueries,
    long? LuceneQueryPeakRss,
    IReadOnlyList<PeerQueryTiming> RipgrepQueries,
    IReadOnlyList<string> Ripgrep,
    string LoadBefore,
    string LoadAfter);
