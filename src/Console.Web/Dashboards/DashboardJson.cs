using System.Text.Json;

namespace Console.Web.Dashboards;

/// <summary>The JSON shape of dashboards wherever they are written: the database column, exports, and the API (snake_case).</summary>
public static class DashboardJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = false,
    };

    /// <summary>For exports people read and keep in version control.</summary>
    public static JsonSerializerOptions Indented { get; } = new(Options) { WriteIndented = true };
}
