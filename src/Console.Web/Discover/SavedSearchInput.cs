namespace Console.Web.Discover;

/// <summary>What a user gives to save a search (the body of <c>POST/PUT /api/saved-searches</c>); missing parts take Discover's defaults.</summary>
public sealed record SavedSearchInput(string? Name, string? Index, string? Query, string? From, string? To, IReadOnlyList<string>? Columns)
{
    /// <summary>The view <paramref name="state"/> under <paramref name="name"/>.</summary>
    public static SavedSearchInput Of(string? name, DiscoverState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new(name, state.Index, state.Query, state.From, state.To, state.ColumnList);
    }
}
