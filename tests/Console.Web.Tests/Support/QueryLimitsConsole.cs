namespace Console.Web.Tests.Support;

/// <summary>The console with sign-in on and small query limits, so a test reaches each of them with little data.</summary>
public sealed class QueryLimitsConsole : AuthConsole
{
    public const int MaxConcurrent = 2;
    public const int MaxExport = 50;

    public QueryLimitsConsole()
    {
        Settings["Query:MaxConcurrentSearchesPerUser"] = MaxConcurrent.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Settings["Query:MaxExportSize"] = MaxExport.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
