namespace Console.Shared.Storage;

/// <summary>A page of hits; <see cref="Total"/> is the exact number of matches and <see cref="Next"/> the cursor of the next page, null on the last.</summary>
public sealed record SearchResult(long Total, long TookMs, IReadOnlyList<SearchHit> Hits, string? Next);
