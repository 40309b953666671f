namespace Console.Web.Dashboards;

/// <summary>
/// A panel as a user, the API or an imported file gives it: every value as written, checked by
/// <see cref="DashboardValidator"/> (types and metrics by name, so a wrong one gets a reason rather than a JSON error).
/// </summary>
public sealed record PanelInput
{
    public string? Title { get; init; }

    /// <summary><c>time_series</c>, <c>bar</c>, <c>donut</c>, <c>single_stat</c>, <c>percentiles</c> or <c>table</c>.</summary>
    public string? Type { get; init; }

    public string? Index { get; init; }

    public string? Query { get; init; }

    /// <summary><c>count</c> (default), <c>avg</c>, <c>sum</c>, <c>min</c>, <c>max</c>, <c>percentiles</c>, <c>cardinality</c> or <c>ratio</c>.</summary>
    public string? Metric { get; init; }

    /// <summary>For the <c>ratio</c> metric: the query of the events counted over the panel's events (<c>http.status_code:>=500</c>).</summary>
    public string? Numerator { get; init; }

    public string? Field { get; init; }

    public IReadOnlyList<double>? Percents { get; init; }

    public string? SplitField { get; init; }

    public int? Size { get; init; }

    public double? SplitInterval { get; init; }

    public string? BreakdownField { get; init; }

    public int? BreakdownSize { get; init; }

    public string? Interval { get; init; }

    public IReadOnlyList<string>? Columns { get; init; }

    public int? Width { get; init; }

    public static PanelInput Of(DashboardPanel panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        return new PanelInput
        {
            Title = panel.Title,
            Type = DashboardNames.Of(panel.Type),
            Index = panel.Index,
            Query = panel.Query,
            Metric = panel.IsRatio ? DashboardNames.Ratio : DashboardNames.Of(panel.Metric),
            Numerator = panel.Numerator,
            Field = panel.Field,
            Percents = panel.Percents.Count == 0 ? null : panel.Percents,
            SplitField = panel.SplitField,
            Size = panel.Size,
            SplitInterval = panel.SplitInterval,
            BreakdownField = panel.BreakdownField,
            BreakdownSize = panel.BreakdownField is null ? null : panel.BreakdownSize,
            Interval = panel.Interval,
            Columns = panel.Columns.Count == 0 ? null : panel.Columns,
            Width = panel.Width,
        };
    }
}
