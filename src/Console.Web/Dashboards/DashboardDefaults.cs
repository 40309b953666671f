namespace Console.Web.Dashboards;

/// <summary>What a new dashboard or panel starts with, and the choices the pages offer.</summary>
public static class DashboardDefaults
{
    public const string Index = "thebot-logs-*";
    public const string From = "now-24h";
    public const string To = "now";

    /// <summary>Auto-refresh choices in seconds; 0 is off.</summary>
    public static IReadOnlyList<int> RefreshChoices { get; } = [0, 10, 30, 60, 300];

    /// <summary>Grid widths a panel may take (of 12 columns).</summary>
    public static IReadOnlyList<int> Widths { get; } = [3, 4, 6, 8, 12];

    public static string DescribeRefresh(int seconds) => seconds switch
    {
        0 => "Off",
        < 60 => $"{seconds} s",
        _ => $"{seconds / 60} min",
    };
}
