using System.Globalization;
using Console.Web.Discover;
using Microsoft.Extensions.Options;

namespace Console.Web.Alerts.Notifications;

/// <summary>
/// Absolute Discover addresses for notifications, which are read outside the console (Slack, email), so a relative
/// link would lead nowhere; the base is <c>Console:PublicUrl</c>.
/// </summary>
public sealed class DiscoverLinks(IOptions<ConsoleUrlOptions> options)
{
    /// <summary>Discover on <paramref name="query"/> over the window, narrowed to one group when the rule is grouped.</summary>
    public Uri For(string indexPattern, string query, DateTimeOffset from, DateTimeOffset to, string? groupField = null, string? groupValue = null)
    {
        if (groupField is not null && groupValue is not null)
        {
            query = QueryFilters.Add(query, groupField, groupValue, negate: false);
        }

        var state = new DiscoverState(indexPattern, query, Iso(from), Iso(to), "");
        // The base keeps its path (a console behind a proxy at /logs/), so the relative address is appended to it.
        var baseUrl = options.Value.PublicUrl.TrimEnd('/') + "/";
        return new Uri(new Uri(baseUrl), state.ToUrl());
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
