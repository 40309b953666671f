namespace Console.Web.Discover;

/// <summary>A preset of the time picker: its label and where the range starts (it ends now).</summary>
public sealed record QuickRange(string Label, string From)
{
    /// <summary>Kibana's common ranges.</summary>
    public static IReadOnlyList<QuickRange> All { get; } =
    [
        new("Last 15 minutes", "now-15m"),
        new("Last 1 hour", "now-1h"),
        new("Last 24 hours", "now-24h"),
        new("Last 7 days", "now-7d"),
        new("Last 30 days", "now-30d"),
    ];
}
