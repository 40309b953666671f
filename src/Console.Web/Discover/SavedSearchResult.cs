using Console.Web.Apis;

namespace Console.Web.Discover;

/// <summary>The saved search, or why it was not saved (<see cref="Error"/> names the reason; for a query, the character too).</summary>
public sealed record SavedSearchResult(SavedSearchOutcome Outcome, SavedSearch? Search, ApiError? Error)
{
    public static SavedSearchResult Saved(SavedSearch search) => new(SavedSearchOutcome.Saved, search, null);

    public static SavedSearchResult Failed(SavedSearchOutcome outcome, string error, int? position = null) => new(outcome, null, new ApiError(error, position));
}
