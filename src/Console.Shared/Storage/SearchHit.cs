using System.Text.Json.Nodes;

namespace Console.Shared.Storage;

/// <summary>One event found: its index, id, time, the whole stored event and the fields whose values could not be indexed.</summary>
public sealed record SearchHit(string Index, string Id, DateTimeOffset Timestamp, JsonObject Source, IReadOnlyList<string> Ignored)
{
    /// <summary>
    /// This hit's place in the time order as a <c>search_after</c> cursor (Elasticsearch's per-hit <c>sort</c> values): a
    /// search after it, in either sort order, continues from exactly this event, so events of its millisecond are neither
    /// skipped nor repeated. Null when the hit did not come from a sorted search.
    /// </summary>
    public string? Cursor { get; init; }
}
