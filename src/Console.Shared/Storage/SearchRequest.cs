namespace Console.Shared.Storage;

/// <summary>A page of hits sorted by <c>@timestamp</c>; <see cref="SearchAfter"/> is the <c>Next</c> cursor of the previous page.</summary>
public sealed record SearchRequest(LogQuery Query, int Size = 50, SortOrder Sort = SortOrder.Descending, string? SearchAfter = null);
