namespace Console.Web.Dashboards;

/// <summary>A checked dashboard (not yet saved: no id, no dates), or every reason it was refused.</summary>
public sealed record DashboardValidation(Dashboard? Dashboard, IReadOnlyList<DashboardError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
