namespace Console.Web.Dashboards;

/// <summary>How a change to a dashboard ended.</summary>
public enum DashboardOutcome
{
    Saved,
    Deleted,
    Invalid,
    NotFound,

    /// <summary>A built-in dashboard was to be changed or deleted; it can be duplicated instead.</summary>
    ReadOnly,
}
