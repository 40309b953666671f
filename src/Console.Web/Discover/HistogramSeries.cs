using Console.Shared.Storage;

namespace Console.Web.Discover;

/// <summary>One stacked layer of the hit histogram: the events of one log level (or the rest) per time bucket.</summary>
public sealed record HistogramSeries(string Name, IReadOnlyList<HistogramBucket> Buckets);
