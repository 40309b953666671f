namespace Console.Web.Dashboards;

/// <summary>A dashboard in the console's database (table <c>dashboards</c>): its panels in order, its default time range and refresh.</summary>
public sealed class Dashboard
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 2000;
    public const int MaxPanels = 50;

    public long Id { get; set; }

    public string Title { get; set; } = "";

    public string Description { get; set; } = "";

    /// <summary>The default range as typed (date math stays relative, so opening the dashboard shows the latest data).</summary>
    public string From { get; set; } = DashboardDefaults.From;

    public string To { get; set; } = DashboardDefaults.To;

    /// <summary>Default auto refresh in seconds, one of <see cref="DashboardDefaults.RefreshChoices"/>; 0 is off.</summary>
    public int RefreshSeconds { get; set; }

    /// <summary>The key of a dashboard shipped with the console (read-only, duplicated to edit); null for users' own.</summary>
    public string? BuiltInKey { get; set; }

    public IReadOnlyList<DashboardPanel> Panels { get; set; } = [];

    public DateTime CreatedUtc { get; set; }

    public DateTime UpdatedUtc { get; set; }

    public bool IsBuiltIn => BuiltInKey is not null;
}
