using Console.Web.Dashboards;

namespace Console.Web.Apis;

/// <summary>A dashboard as the API answers it; <c>url</c> opens it in the console, <c>built_in</c> ones are read-only.</summary>
public sealed record DashboardResponse(
    long Id, string Title, string Description, string From, string To, int RefreshSeconds, bool BuiltIn,
    IReadOnlyList<PanelInput> Panels, DateTime Created, DateTime Updated, string Url)
{
    public static DashboardResponse Of(Dashboard dashboard)
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        return new DashboardResponse(dashboard.Id, dashboard.Title, dashboard.Description, dashboard.From, dashboard.To, dashboard.RefreshSeconds,
            dashboard.IsBuiltIn, dashboard.Panels.Select(PanelInput.Of).ToList(), dashboard.CreatedUtc, dashboard.UpdatedUtc, $"/dashboards/{dashboard.Id}");
    }
}
