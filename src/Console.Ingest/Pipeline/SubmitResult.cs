using Console.Ingest.Queue;
using Console.Shared.Events;

namespace Console.Ingest.Pipeline;

/// <summary>
/// What happened to a submission: <see cref="Queued"/> events are durable (one record can become two events when it is
/// also routed to the errors index), <see cref="Dropped"/> records were removed by filters on purpose, and
/// <see cref="QueueFull"/> means nothing was taken because the queue had no room.
/// </summary>
public sealed record SubmitResult(int Queued, int Dropped, bool QueueFull)
{
    public static SubmitResult Full { get; } = new(0, 0, true);

    /// <summary>Per submitted record, in order: the event it became, or null when a filter dropped it.</summary>
    public IReadOnlyList<LogEvent?> Events { get; init; } = [];

    /// <summary>Where the queue ended after this submission; wait for the indexer to pass it to search what was sent.</summary>
    public QueuePosition End { get; init; }
}
