using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace Console.Web.Tail;

/// <summary>
/// The Discover address that shows one event with the events around it:
/// <c>/discover?index=…&amp;q=&amp;from=&lt;time − 5 min&gt;&amp;to=&lt;time + 5 min&gt;&amp;doc=&lt;id&gt;</c>, the contract Discover reads.
/// </summary>
public static class DiscoverContextLink
{
    /// <summary>How far before and after the event Discover looks.</summary>
    public static readonly TimeSpan Around = TimeSpan.FromMinutes(5);

    /// <param name="indexPattern">The tail's index pattern, so the context is the same stream the viewer followed, not only the event's daily index.</param>
    public static string For(string indexPattern, string id, DateTimeOffset timestamp) => QueryHelpers.AddQueryString(
        "/discover",
        new Dictionary<string, string?>
        {
            ["index"] = indexPattern,
            ["q"] = "",
            ["from"] = Iso(timestamp - Around),
            ["to"] = Iso(timestamp + Around),
            ["doc"] = id,
        });

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
