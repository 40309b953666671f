using System.Collections.Frozen;
using System.Text.Json;
using Console.Shared.Storage;

namespace Console.Web.Dashboards;

/// <summary>The names panel types and metrics go by in JSON and in the editor (<c>time_series</c>, <c>avg</c>), both ways.</summary>
public static class DashboardNames
{
    private static readonly FrozenDictionary<string, PanelType> Types = Enum.GetValues<PanelType>().ToFrozenDictionary(Of, t => t, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, MetricKind> Metrics = Enum.GetValues<MetricKind>().ToFrozenDictionary(Of, m => m, StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyList<string> TypeNames { get; } = Enum.GetValues<PanelType>().Select(Of).ToList();

    /// <summary>The panel metric that is not a store metric: a count of a numerator query over the panel's count, in percent.</summary>
    public const string Ratio = "ratio";

    public static IReadOnlyList<string> MetricNames { get; } = [.. Enum.GetValues<MetricKind>().Select(Of), Ratio];

    public static string Of(PanelType type) => JsonNamingPolicy.SnakeCaseLower.ConvertName(type.ToString());

    public static string Of(MetricKind metric) => JsonNamingPolicy.SnakeCaseLower.ConvertName(metric.ToString());

    public static bool TryParseType(string? name, out PanelType type) => Types.TryGetValue(name?.Trim() ?? "", out type);

    public static bool TryParseMetric(string? name, out MetricKind metric) => Metrics.TryGetValue(name?.Trim() ?? "", out metric);

    /// <summary>What the editor shows for a panel type.</summary>
    public static string Label(PanelType type) => type switch
    {
        PanelType.TimeSeries => "Time series",
        PanelType.Bar => "Bar (top N)",
        PanelType.Donut => "Donut",
        PanelType.SingleStat => "Single stat",
        PanelType.Percentiles => "Percentiles",
        PanelType.Table => "Latest events table",
        _ => type.ToString(),
    };
}
