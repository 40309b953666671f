using System.Globalization;
using Console.Shared.Query;
using Console.Shared.Storage;
using Console.Web.Apis;
using Console.Web.Discover;

namespace Console.Web.Dashboards;

/// <summary>
/// Runs one panel against the store for a time range: the same aggregations, query parser and time parsing as
/// <c>GET /api/aggregate</c> and <c>GET /api/search</c>, so a panel shows what the API would answer.
/// </summary>
public sealed class PanelDataService(ILogStore store, TimeProvider clock)
{
    /// <exception cref="QuerySyntaxException">The panel's query does not parse.</exception>
    /// <exception cref="StoreRequestException">The pattern, range or aggregation is refused (the message says why).</exception>
    public async Task<PanelData> LoadAsync(DashboardPanel panel, string from, string to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var query = Resolve(panel, from, to);
        if (panel.IsRatio)
        {
            return panel.Type switch
            {
                PanelType.TimeSeries => await RatioTimeSeriesAsync(panel, query, cancellationToken),
                PanelType.Bar => await RatioBarsAsync(panel, query, cancellationToken),
                PanelType.SingleStat => await RatioStatAsync(panel, query, cancellationToken),
                _ => throw new StoreRequestException($"a {DashboardNames.Of(panel.Type)} panel cannot show a ratio"),
            };
        }

        return panel.Type switch
        {
            PanelType.TimeSeries => await TimeSeriesAsync(panel, query, cancellationToken),
            PanelType.Percentiles => await PercentilesAsync(panel, query, cancellationToken),
            PanelType.Bar or PanelType.Donut => await SplitAsync(panel, query, cancellationToken),
            PanelType.SingleStat => await SingleStatAsync(panel, query, cancellationToken),
            PanelType.Table => await TableAsync(panel, query, cancellationToken),
            _ => throw new StoreRequestException($"unknown panel type {panel.Type}"),
        };
    }

    /// <summary>The store query of <paramref name="panel"/> over <paramref name="from"/>..<paramref name="to"/> (date math resolved now).</summary>
    /// <exception cref="StoreRequestException">The pattern or a time is not valid.</exception>
    public LogQuery Resolve(DashboardPanel panel, string from, string to)
    {
        ArgumentNullException.ThrowIfNull(panel);
        if (!QueryParameters.TryRead(panel.Index, panel.Query, from, to, clock.GetUtcNow(), out var query, out var error))
        {
            throw new StoreRequestException(error!.Error);
        }

        return query;
    }

    /// <summary>The Discover address of a panel's events: its pattern and query over the dashboard's range as typed (a relative range stays relative).</summary>
    public static string DiscoverUrl(DashboardPanel panel, string from, string to)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var columns = panel.Type == PanelType.Table ? string.Join(',', panel.Columns) : "";
        return "/" + new DiscoverState(panel.Index, panel.Query, from, to, columns).ToUrl();
    }

    /// <summary>What a split value is called on a chart: status classes as <c>2xx</c>, other ranges as <c>100–199</c>.</summary>
    public static string SplitLabel(DashboardPanel panel, string key)
    {
        ArgumentNullException.ThrowIfNull(panel);
        if (panel.SplitInterval is not { } width || !double.TryParse(key, NumberStyles.Float, CultureInfo.InvariantCulture, out var low))
        {
            return key;
        }

        if (width == 100 && low >= 100 && low < 1000 && low % 100 == 0 && panel.SplitField?.Contains("status", StringComparison.OrdinalIgnoreCase) == true)
        {
            return $"{low / 100:0}xx";
        }

        return string.Create(CultureInfo.InvariantCulture, $"{low:0.###}–{low + width:0.###}");
    }

    private static AggregationMetric MetricOf(DashboardPanel panel) => panel.Metric switch
    {
        MetricKind.Count => AggregationMetric.Count,
        MetricKind.Percentiles => AggregationMetric.PercentilesOf(panel.Field!, [.. panel.Percents]),
        _ => new AggregationMetric(panel.Metric, panel.Field),
    };

    private static DateHistogramSplit Histogram(DashboardPanel panel)
    {
        if (!HistogramIntervals.TryParse(panel.Interval, out var interval, out var error))
        {
            throw new StoreRequestException(error);
        }

        return new DateHistogramSplit(interval);
    }

    private static FieldSplit? SplitOf(DashboardPanel panel) =>
        panel.SplitField is { } field ? new FieldSplit(field, panel.Size, panel.SplitInterval) : null;

    /// <summary>The value drawn for a bucket: its events for count, else the metric (null where no event had a value).</summary>
    private static double? ValueOf(DashboardPanel panel, long count, MetricValue metric) => panel.Metric == MetricKind.Count ? count : metric.Value;

    private async Task<PanelData> TimeSeriesAsync(DashboardPanel panel, LogQuery query, CancellationToken cancellationToken)
    {
        RequireStart(query);
        var result = await store.AggregateAsync(new AggregationRequest(query, MetricOf(panel), Histogram(panel), SplitOf(panel)), cancellationToken);
        var times = result.Buckets.Select(b => b.Start).ToList();
        var series = new List<PanelSeries>();
        if (result.Split is { } split)
        {
            for (var i = 0; i < split.Values.Count; i++)
            {
                var at = i;
                series.Add(new PanelSeries(SplitLabel(panel, split.Values[at].Key), times,
                    result.Buckets.Select(b => ValueOf(panel, b.Split!.Values[at].Count, b.Split.Values[at].Metric)).ToList()));
            }

            // Only a count adds up: the rest of the events as one line, so the lines sum to the total.
            if (panel.Metric == MetricKind.Count && split.OtherCount > 0)
            {
                series.Add(new PanelSeries("other", times, result.Buckets.Select(b => (double?)b.Split!.OtherCount).ToList()));
            }
        }
        else
        {
            series.Add(new PanelSeries(DashboardNames.Of(panel.Metric) + (panel.Field is null ? "" : " " + panel.Field), times,
                result.Buckets.Select(b => ValueOf(panel, b.Count, b.Metric)).ToList()));
        }

        return new PanelData { Query = query, Total = result.Total, Value = ValueOf(panel, result.Total, result.Metric), Series = series, Interval = result.Interval };
    }

    private async Task<PanelData> PercentilesAsync(DashboardPanel panel, LogQuery query, CancellationToken cancellationToken)
    {
        RequireStart(query);
        var result = await store.AggregateAsync(new AggregationRequest(query, MetricOf(panel), Histogram(panel)), cancellationToken);
        var times = result.Buckets.Select(b => b.Start).ToList();
        var series = result.Metric.Percentiles
            .Select((p, i) => new PanelSeries(PercentLabel(p.Percent), times, result.Buckets.Select(b => b.Metric.Percentiles.Count > i ? b.Metric.Percentiles[i].Value : null).ToList()))
            .ToList();
        return new PanelData { Query = query, Total = result.Total, Percentiles = result.Metric.Percentiles, Series = series, Interval = result.Interval };
    }

    private async Task<PanelData> SplitAsync(DashboardPanel panel, LogQuery query, CancellationToken cancellationToken)
    {
        var result = await store.AggregateAsync(new AggregationRequest(query, MetricOf(panel), Split: SplitOf(panel)), cancellationToken);
        var split = result.Split!;
        var bars = split.Values.Select(v => new PanelBar(SplitLabel(panel, v.Key), ValueOf(panel, v.Count, v.Metric), v.Count)).ToList();
        if (panel.Type == PanelType.Donut && panel.Metric == MetricKind.Count && split.OtherCount > 0)
        {
            bars.Add(new PanelBar("other", split.OtherCount, split.OtherCount));
        }

        IReadOnlyList<PanelBreakdown> breakdown = [];
        if (panel.Type == PanelType.Bar && panel.BreakdownField is { } by)
        {
            // One aggregation per bar, at once: the top values of the breakdown field among that bar's events.
            breakdown = await Task.WhenAll(split.Values.Select(async v =>
            {
                var within = query with { Query = QueryFilters.Add(query.Query ?? "", panel.SplitField!, v.Key, negate: false) };
                var parts = await store.AggregateAsync(new AggregationRequest(within, MetricOf(panel), Split: new FieldSplit(by, panel.BreakdownSize)), cancellationToken);
                return new PanelBreakdown(SplitLabel(panel, v.Key),
                    parts.Split!.Values.Select(p => new PanelBar(p.Key, ValueOf(panel, p.Count, p.Metric), p.Count)).ToList(), parts.Split.OtherCount);
            }));
        }

        return new PanelData { Query = query, Total = result.Total, Value = ValueOf(panel, result.Total, result.Metric), Bars = bars, Breakdown = breakdown };
    }

    private async Task<PanelData> SingleStatAsync(DashboardPanel panel, LogQuery query, CancellationToken cancellationToken)
    {
        var result = await store.AggregateAsync(new AggregationRequest(query, MetricOf(panel)), cancellationToken);
        return new PanelData { Query = query, Total = result.Total, Value = ValueOf(panel, result.Total, result.Metric), Percentiles = result.Metric.Percentiles };
    }

    private async Task<PanelData> TableAsync(DashboardPanel panel, LogQuery query, CancellationToken cancellationToken)
    {
        var page = await store.SearchAsync(new SearchRequest(query, panel.Size), cancellationToken);
        return new PanelData { Query = query, Total = page.Total, Events = page.Hits };
    }

    /// <summary>A ratio in percent: null where the panel's query matched nothing, as Grafana leaves a division by zero empty.</summary>
    public static double? Percent(long numerator, long denominator) => denominator == 0 ? null : 100.0 * numerator / denominator;

    /// <summary>The panel's query narrowed to its numerator's events.</summary>
    private static LogQuery NumeratorOf(DashboardPanel panel, LogQuery query) =>
        query with { Query = string.IsNullOrWhiteSpace(query.Query) ? panel.Numerator : $"({query.Query.Trim()}) AND ({panel.Numerator})" };

    private async Task<PanelData> RatioStatAsync(DashboardPanel panel, LogQuery query, CancellationToken cancellationToken)
    {
        var totalTask = store.CountAsync(query, cancellationToken);
        var matchingTask = store.CountAsync(NumeratorOf(panel, query), cancellationToken);
        var total = await totalTask;
        var matching = await matchingTask;
        return new PanelData { Query = query, Total = total, Value = Percent(matching, total) };
    }

    /// <summary>
    /// Each bar is one top value of the split (chosen by the panel's events, as for a count) with the share of its events
    /// that match the numerator: one count per value, at once.
    /// </summary>
    private async Task<PanelData> RatioBarsAsync(DashboardPanel panel, LogQuery query, CancellationToken cancellationToken)
    {
        var numeratorQuery = NumeratorOf(panel, query);
        var resultTask = store.AggregateAsync(new AggregationRequest(query, AggregationMetric.Count, Split: SplitOf(panel)), cancellationToken);
        var matchingTask = store.CountAsync(numeratorQuery, cancellationToken);
        var result = await resultTask;
        var split = result.Split!;
        var matching = await Task.WhenAll(split.Values.Select(v =>
            store.CountAsync(numeratorQuery with { Query = QueryFilters.Add(numeratorQuery.Query ?? "", panel.SplitField!, v.Key, negate: false) }, cancellationToken)));
        var bars = split.Values.Select((v, i) => new PanelBar(SplitLabel(panel, v.Key), Percent(matching[i], v.Count), v.Count)).ToList();
        return new PanelData { Query = query, Total = result.Total, Value = Percent(await matchingTask, result.Total), Bars = bars };
    }

    /// <summary>
    /// The ratio per time bucket: the panel's date histogram over the numerator's, bucket by bucket (both over the same
    /// range and interval, so their buckets line up); split, a line per top value with that value's numerator histogram.
    /// </summary>
    private async Task<PanelData> RatioTimeSeriesAsync(DashboardPanel panel, LogQuery query, CancellationToken cancellationToken)
    {
        RequireStart(query);
        var histogram = Histogram(panel);
        var numeratorQuery = NumeratorOf(panel, query);
        var resultTask = store.AggregateAsync(new AggregationRequest(query, AggregationMetric.Count, histogram, SplitOf(panel)), cancellationToken);
        var overallTask = store.AggregateAsync(new AggregationRequest(numeratorQuery, AggregationMetric.Count, histogram), cancellationToken);
        var result = await resultTask;
        var overall = await overallTask;
        var times = result.Buckets.Select(b => b.Start).ToList();
        var series = new List<PanelSeries>();
        if (result.Split is { } split)
        {
            var perValue = await Task.WhenAll(split.Values.Select(v => store.AggregateAsync(new AggregationRequest(
                numeratorQuery with { Query = QueryFilters.Add(numeratorQuery.Query ?? "", panel.SplitField!, v.Key, negate: false) },
                AggregationMetric.Count, histogram), cancellationToken)));
            for (var i = 0; i < split.Values.Count; i++)
            {
                var at = i;
                var counts = CountsByStart(perValue[at]);
                series.Add(new PanelSeries(SplitLabel(panel, split.Values[at].Key), times,
                    result.Buckets.Select(b => Percent(counts.GetValueOrDefault(b.Start), b.Split!.Values[at].Count)).ToList()));
            }
        }
        else
        {
            var counts = CountsByStart(overall);
            series.Add(new PanelSeries(DashboardNames.Ratio, times, result.Buckets.Select(b => Percent(counts.GetValueOrDefault(b.Start), b.Count)).ToList()));
        }

        return new PanelData { Query = query, Total = result.Total, Value = Percent(overall.Total, result.Total), Series = series, Interval = result.Interval };
    }

    private static Dictionary<DateTimeOffset, long> CountsByStart(AggregationResult result) => result.Buckets.ToDictionary(b => b.Start, b => b.Count);

    private static void RequireStart(LogQuery query)
    {
        if (query.From is null)
        {
            throw new StoreRequestException("a chart over time needs a start time: pick a range with a start");
        }
    }

    public static string PercentLabel(double percent) => string.Create(CultureInfo.InvariantCulture, $"p{percent:0.##}");
}
