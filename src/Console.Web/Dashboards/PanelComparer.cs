namespace Console.Web.Dashboards;

/// <summary>Panels equal by value, their lists included (a record compares lists by reference).</summary>
public sealed class PanelComparer : IEqualityComparer<DashboardPanel>
{
    public static PanelComparer Instance { get; } = new();

    public bool Equals(DashboardPanel? x, DashboardPanel? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null &&
        x with { Percents = Array.Empty<double>(), Columns = Array.Empty<string>() } == y with { Percents = Array.Empty<double>(), Columns = Array.Empty<string>() } &&
        x.Percents.SequenceEqual(y.Percents) && x.Columns.SequenceEqual(y.Columns, StringComparer.Ordinal));

    public int GetHashCode(DashboardPanel obj) => HashCode.Combine(obj?.Title, obj?.Type, obj?.Query);
}
