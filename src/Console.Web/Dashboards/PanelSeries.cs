namespace Console.Web.Dashboards;

/// <summary>One line of a time series or percentiles panel: a value per time bucket (null where the bucket has no value).</summary>
public sealed record PanelSeries(string Name, IReadOnlyList<DateTimeOffset> Times, IReadOnlyList<double?> Values);
