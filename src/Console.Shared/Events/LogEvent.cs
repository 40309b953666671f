using System.Text.Json.Nodes;

namespace Console.Shared.Events;

/// <summary>One normalised log event on its way into a store.</summary>
public sealed record LogEvent
{
    private JsonObject? _source;

    /// <param name="Id">Unique id; replays with the same id replace rather than duplicate.</param>
    /// <param name="Index">The concrete (daily) index it belongs to, e.g. <c>thebot-logs-2026.11.23</c>.</param>
    /// <param name="Timestamp">The event time, UTC, millisecond precision; also present as <c>@timestamp</c> in the source.</param>
    /// <param name="Source">The whole event as stored and returned.</param>
    public LogEvent(string Id, string Index, DateTimeOffset Timestamp, JsonObject Source)
    {
        this.Id = Id;
        this.Index = Index;
        this.Timestamp = Timestamp;
        _source = Source;
    }

    /// <summary>
    /// An event whose source is already UTF-8 JSON (the durable queue's record): <see cref="SourceJson"/> is those bytes,
    /// and <see cref="Source"/> is parsed from them only if it is read. The embedded store reads the bytes alone.
    /// </summary>
    public LogEvent(string id, string index, DateTimeOffset timestamp, byte[] sourceJson)
    {
        Id = id;
        Index = index;
        Timestamp = timestamp;
        SourceJson = sourceJson;
    }

    /// <summary>Unique id; replays with the same id replace rather than duplicate.</summary>
    public string Id { get; init; }

    /// <summary>The concrete (daily) index it belongs to, e.g. <c>thebot-logs-2026.11.23</c>.</summary>
    public string Index { get; init; }

    /// <summary>The event time, UTC, millisecond precision; also present as <c>@timestamp</c> in the source.</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>The whole event as stored and returned.</summary>
    public JsonObject Source
    {
        get => _source ??= JsonNode.Parse(SourceJson!.Value.AsSpan())!.AsObject();
        init => _source = value;
    }

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
