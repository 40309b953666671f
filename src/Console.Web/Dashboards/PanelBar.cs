namespace Console.Web.Dashboards;

/// <summary>One value of a split (a bar or a slice): its label, the metric's value and its events.</summary>
public sealed record PanelBar(string Label, double? Value, long Count);
