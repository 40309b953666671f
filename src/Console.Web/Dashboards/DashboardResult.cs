namespace Console.Web.Dashboards;

/// <summary>The dashboard as saved, or why nothing was saved (every reason, with where).</summary>
public sealed record DashboardResult(DashboardOutcome Outcome, Dashboard? Dashboard, IReadOnlyList<DashboardError> Errors)
{
    public static DashboardResult Saved(Dashboard dashboard) => new(DashboardOutcome.Saved, dashboard, []);

    public static DashboardResult Failed(DashboardOutcome outcome, string path, string message) => new(outcome, null, [new DashboardError(path, message)]);

    public static DashboardResult NotFound(long id) => Failed(DashboardOutcome.NotFound, "id", $"no dashboard with id {id}");

    public static DashboardResult ReadOnly(Dashboard dashboard) => Failed(DashboardOutcome.ReadOnly, "id",
        $"'{dashboard.Title}' is a built-in dashboard and cannot be changed; duplicate it to make your own version");
}
