using Console.Web.Discover;

namespace Console.Web.Apis;

/// <summary>A saved search as the API returns it; <c>url</c> opens it in Discover.</summary>
public sealed record SavedSearchResponse(
    long Id, string Name, string Index, string Query, string From, string To, IReadOnlyList<string> Columns, string Url, DateTime Created, DateTime Updated)
{
    public static SavedSearchResponse Of(SavedSearch search)
    {
        ArgumentNullException.ThrowIfNull(search);
        var state = search.ToState();
        return new(search.Id, search.Name, search.IndexPattern, search.Query, search.From, search.To, state.ColumnList, "/" + state.ToUrl(),
            search.CreatedUtc, search.UpdatedUtc);
    }
}
