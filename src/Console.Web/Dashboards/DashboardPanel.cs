using System.Text.Json.Serialization;
using Console.Shared.Storage;

namespace Console.Web.Dashboards;

/// <summary>
/// One validated panel of a dashboard: an index pattern, a Lucene query and an aggregation (a metric of a field, split by
/// time and/or by the top values of a field), shown as <see cref="Type"/>. Kept as JSON in the dashboard's row, in order.
/// </summary>
public sealed record DashboardPanel
{
    public const int DefaultWidth = 6;

    public string Title { get; init; } = "";

    public PanelType Type { get; init; } = PanelType.TimeSeries;

    public string Index { get; init; } = DashboardDefaults.Index;

    public string Query { get; init; } = "";

    [JsonConverter(typeof(SnakeCaseEnumConverter<MetricKind>))]
    public MetricKind Metric { get; init; } = MetricKind.Count;

    /// <summary>
    /// Makes the panel a ratio (metric <c>ratio</c> in JSON): the percentage of the panel's events that also match this
    /// query, per point, bar or split value, as Grafana's and Kibana's <c>count(kql='...') / count()</c> (5xx among
    /// requests). <see cref="Metric"/> is then <see cref="MetricKind.Count"/>; none for other metrics.
    /// </summary>
    public string? Numerator { get; init; }

    /// <summary>Whether <see cref="Numerator"/> makes this a ratio panel.</summary>
    [JsonIgnore]
    public bool IsRatio => Numerator is not null;

    /// <summary>The metric's field; none for count.</summary>
    public string? Field { get; init; }

    /// <summary>For percentiles: the percents to show (50, 95, 99 when empty).</summary>
    public IReadOnlyList<double> Percents { get; init; } = [];

    /// <summary>The field whose top values split the metric (a line, bar or slice each).</summary>
    public string? SplitField { get; init; }

    /// <summary>Split values shown (the rest is "other"); for a table, the rows.</summary>
    public int Size { get; init; } = 5;

    /// <summary>Splits a numeric field by ranges of this width (100 on <c>http.status_code</c> gives status classes).</summary>
    public double? SplitInterval { get; init; }

    /// <summary>For a bar panel: each bar is broken down by the top values of this field within it (top endpoints per user).</summary>
    public string? BreakdownField { get; init; }

    public int BreakdownSize { get; init; } = 5;

    /// <summary>Time bucket width for time series and percentiles: <c>auto</c>, <c>1m</c>, <c>1h</c>, ...</summary>
    public string Interval { get; init; } = "auto";

    /// <summary>A table's columns (the message when none).</summary>
    public IReadOnlyList<string> Columns { get; init; } = [];

    /// <summary>Columns of the 12-column grid the panel spans on a wide screen.</summary>
    public int Width { get; init; } = DefaultWidth;
}
