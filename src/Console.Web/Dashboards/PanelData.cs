using Console.Shared.Storage;

namespace Console.Web.Dashboards;

/// <summary>
/// What one panel shows for one time range: <see cref="Total"/> matching events, the metric over all of them
/// (<see cref="Value"/>, or <see cref="Percentiles"/>), and per type the lines, bars or slices, breakdown or latest events.
/// </summary>
public sealed record PanelData
{
    public long Total { get; init; }

    public double? Value { get; init; }

    public IReadOnlyList<PercentileValue> Percentiles { get; init; } = [];

    public IReadOnlyList<PanelSeries> Series { get; init; } = [];

    public IReadOnlyList<PanelBar> Bars { get; init; } = [];

    public IReadOnlyList<PanelBreakdown> Breakdown { get; init; } = [];

    public IReadOnlyList<SearchHit> Events { get; init; } = [];

    public TimeSpan? Interval { get; init; }

    /// <summary>The store query the panel ran (pattern, query, resolved range), for its Discover link.</summary>
    public required LogQuery Query { get; init; }
}
