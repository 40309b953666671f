namespace Console.Ingest.Queue;

/// <summary>
/// Events that are on disk, from <see cref="Start"/> to <see cref="End"/> in one segment of the queue, for the indexer to
/// index (<see cref="WriteAheadLog.ReadEvents"/>) and then checkpoint. The queue hands them over held in memory while
/// its <see cref="WriteAheadLogOptions.MaxHeldBytes"/> allow, and otherwise as positions only, read back from the segment.
/// </summary>
/// <param name="Replayed">True for events read back at start: they may already be in the store, so they are upserted.</param>
public sealed class QueuedBatch(QueuePosition start, QueuePosition end, int count, bool replayed, IReadOnlyList<QueuedEvent>? held)
{
    private IReadOnlyList<QueuedEvent>? _held = held;

    public QueuePosition Start { get; } = start;

    public QueuePosition End { get; } = end;

    public int Count { get; } = count;

    public bool Replayed { get; } = replayed;

    /// <summary>The bytes of the batch's records in its segment.</summary>
    public long Bytes => End.Offset - Start.Offset;

    /// <summary>True while the batch holds its events in memory (not yet taken).</summary>
    internal bool IsHeld => Volatile.Read(ref _held) is not null;

    /// <summary>The events held in memory, once: afterwards (and for a batch never held) they are read from the segment.</summary>
    internal IReadOnlyList<QueuedEvent>? TakeHeld() => Interlocked.Exchange(ref _held, null);
}
