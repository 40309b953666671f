using System.Text.Json.Nodes;

namespace Console.Shared.Events;

/// <summary>One normalised log event on its way into a store.</summary>
/// <param name="Id">Unique id; replays with the same id replace rather than duplicate.</param>
/// <param name="Index">The concrete (daily) index it belongs to, e.g. <c>thebot-logs-2026.11.23</c>.</param>
/// <param name="Timestamp">The event time, UTC, millisecond precision; also present as <c>@timestamp</c> in the source.</param>
/// <param name="Source">The whole event as stored and returned.</param>
public sealed record LogEvent(string Id, string Index, DateTimeOffset Timestamp, JsonObject Source)
{
    /// <summary>
    /// True when a store may already hold an event with this id (a replay, or an id the sender chose): the store then
    /// replaces rather than adds. Fresh ids skip that lookup, which is most of the cost of indexing.
    /// </summary>
    public bool MayExist { get; init; }

    /// <summary>
    /// <see cref="Source"/> already written as UTF-8 JSON by a stage before the store (the durable queue writes it once for
    /// its record and the store keeps the same bytes as the stored event), or null. Whoever sets it must not change
    /// <see cref="Source"/> afterwards.
    /// </summary>
    public ArraySegment<byte>? SourceJson { get; set; }
}
