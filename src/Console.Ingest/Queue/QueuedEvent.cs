using Console.Shared.Events;

namespace Console.Ingest.Queue;

/// <summary>
/// An event that is on disk in the queue, waiting for the indexer: what the store needs and no more, its source as the
/// UTF-8 JSON the queue wrote for its record. Not the parsed <see cref="LogEvent.Source"/>: a waiting event held that
/// tree and a JSON copy, ~6 KB of heap for a 1 KB record, so a full queue of syslog garbage held ~600 MiB.
/// </summary>
public sealed class QueuedEvent(string id, string index, DateTimeOffset timestamp, byte[] sourceJson, bool mayExist)
{
    public string Id { get; } = id;

    public string Index { get; } = index;

    public DateTimeOffset Timestamp { get; } = timestamp;

    /// <summary>The event's source exactly as in its queue record.</summary>
    public byte[] SourceJson { get; } = sourceJson;

    /// <summary>True for a replayed event, which the store may already hold (see <see cref="LogEvent.MayExist"/>).</summary>
    public bool MayExist { get; } = mayExist;

    /// <summary>
    /// The event for the store, its source the queue's bytes, which the store keeps as the stored event and reads its
    /// fields from; parsed again only if something reads <see cref="LogEvent.Source"/>. A new object each call: the store
    /// may change it (an upsert's flag), this waiting event stays as written.
    /// </summary>
    public LogEvent ToLogEvent() => new(Id, Index, Timestamp, SourceJson) { MayExist = MayExist };
}
