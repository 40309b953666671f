namespace Console.Benchmarks;

/// <summary>What one ingest phase measured; when <see cref="GaveUp"/> is set the figures are partial (as far as the phase got).</summary>
/// <param name="Source">How the events reached the console, for the report.</param>
/// <param name="Expected">Events sent or written: the thebot-logs-* total the phase waits for.</param>
/// <param name="ExpectedByInput">The same by ingest input name (<c>tcp-json</c>, <c>file:nginx-access</c>, ...).</param>
/// <param name="Send">TCP only: first byte to last byte written, i.e. how fast the console took the bytes off the socket.</param>
/// <param name="ToSearchable">First byte (or file) in to the poll that saw the total reach <paramref name="Expected"/>, or to giving up.</param>
/// <param name="Searchable">The last thebot-logs-* total seen.</param>
/// <param name="ParseFailures">Events tagged with a parse failure (null if the search failed).</param>
/// <param name="RssAtStart">The console's RSS once healthy, before any event.</param>
/// <param name="ConsoleCpu">CPU the console used from the first byte to the end of the phase.</param>
/// <param name="BenchCpu">CPU this program used meanwhile (sending, polling): it shares the cores with the console.</param>
internal sealed record IngestPhaseResult(
    string Name,
    string Source,
    long Expected,
    IReadOnlyDictionary<string, long> ExpectedByInput,
    long RawBytes,
    TimeSpan? Send,
    TimeSpan ToSearchable,
    long Searchable,
    string? GaveUp,
    long? ParseFailures,
    long? RssAtStart,
    long? PeakRss,
    long? RssAtEnd,
    TimeSpan? ConsoleCpu,
    TimeSpan BenchCpu,
    IngestStatsSnapshot Stats)
{
    /// <summary>What the console allocated over the same span as <see cref="ConsoleCpu"/>, from its allocation probe (null without it).</summary>
    public AllocationReading? ConsoleAllocations { get; init; }

    public double EventsPerSecond => Searchable / Math.Max(ToSearchable.TotalSeconds, 1e-9);

    public bool Complete => GaveUp is null && Searchable == Expected;

    /// <summary>The correctness bar: everything searchable, nothing failed to parse, nothing failed, dropped or rejected.</summary>
    public bool Clean => Complete && ParseFailures == 0 && Stats.Failed == 0 && Stats.Dropped == 0 && Stats.Rejected == 0;
}
