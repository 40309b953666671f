using Console.Shared.Storage;

namespace Console.Web.Discover;

/// <summary>What one Discover search found: the first page of hits, the histogram by level and the pattern's fields.</summary>
/// <param name="Query">The query as run, with its time range resolved, for paging, top values and exports.</param>
/// <param name="Interval">The histogram's bucket width; null when the range has no start, which a histogram needs.</param>
public sealed record DiscoverResult(
    LogQuery Query,
    SearchResult Page,
    IReadOnlyList<HistogramSeries> Histogram,
    TimeSpan? Interval,
    IReadOnlyList<LogField> Fields);
