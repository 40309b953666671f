namespace Console.Web.Dashboards;

/// <summary>
/// A dashboard as the API takes it and as an export file holds it (<see cref="Version"/> 1): checked whole by
/// <see cref="DashboardValidator"/> before anything is saved.
/// </summary>
public sealed record DashboardInput
{
    public const int CurrentVersion = 1;

    /// <summary>The export format's version; absent is taken as the current one.</summary>
    public int? Version { get; init; }

    public string? Title { get; init; }

    public string? Description { get; init; }

    public string? From { get; init; }

    public string? To { get; init; }

    public int? RefreshSeconds { get; init; }

    public IReadOnlyList<PanelInput>? Panels { get; init; }

    /// <summary>What an export of <paramref name="dashboard"/> holds: everything but its id, dates and built-in mark.</summary>
    public static DashboardInput Of(Dashboard dashboard)
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        return new DashboardInput
        {
            Version = CurrentVersion,
            Title = dashboard.Title,
            Description = dashboard.Description,
            From = dashboard.From,
            To = dashboard.To,
            RefreshSeconds = dashboard.RefreshSeconds,
            Panels = dashboard.Panels.Select(PanelInput.Of).ToList(),
        };
    }
}
