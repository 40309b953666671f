using Console.Shared.Events;

namespace Console.Ingest.Queue;

/// <summary>Events that are on disk, with the log position just after them, for the indexer to checkpoint.</summary>
/// <param name="Replayed">True for events read back at start: they may already be in the store, so they are upserted.</param>
public sealed record QueuedBatch(IReadOnlyList<LogEvent> Events, QueuePosition End, bool Replayed);
