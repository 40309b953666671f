namespace Console.Web.Dashboards;

/// <summary>A dashboard shipped with the console, as <see cref="DashboardService.SeedBuiltInsAsync"/> puts it in the database.</summary>
public sealed record BuiltInDashboard(string Title, string Description, string From, string To, int RefreshSeconds, IReadOnlyList<DashboardPanel> Panels);
