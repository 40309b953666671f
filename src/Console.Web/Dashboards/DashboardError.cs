namespace Console.Web.Dashboards;

/// <summary>One reason a dashboard is refused: where (<c>title</c>, <c>panels[2].query</c>), what is wrong and, for a query, the 0-based character.</summary>
public sealed record DashboardError(string Path, string Message, int? Position = null)
{
    public override string ToString() => Position is { } at ? $"{Path}: {Message} (at character {at + 1})" : $"{Path}: {Message}";
}
