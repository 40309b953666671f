using Console.Shared.Storage;

namespace Console.Web.Discover;

/// <summary>The events around one event: each list nearest the anchor first.</summary>
/// <param name="Newer">Events after the anchor in time order (later, or of its millisecond and indexed after it).</param>
/// <param name="Older">Events before it.</param>
/// <param name="Filter">The clause the neighbours share with the anchor (<c>request_id:"abc"</c>), or null for time alone.</param>
public sealed record SurroundingHits(SearchHit Anchor, IReadOnlyList<SearchHit> Newer, IReadOnlyList<SearchHit> Older, string? Filter);
