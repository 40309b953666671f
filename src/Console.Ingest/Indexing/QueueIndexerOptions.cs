using System.ComponentModel.DataAnnotations;

namespace Console.Ingest.Indexing;

/// <summary>The <c>Ingest:Indexer</c> settings.</summary>
public sealed class QueueIndexerOptions
{
    public const string Section = "Ingest:Indexer";

    /// <summary>Most events handed to the store in one call.</summary>
    [Range(100, 1_000_000)]
    public int MaxBatchEvents { get; set; } = 20_000;

    /// <summary>
    /// Most bytes of queue records (the events' JSON) handed to the store in one call, whatever their count: a batch is
    /// parsed whole before it is indexed, and 20,000 large events parsed at once would be hundreds of MiB. Ordinary events
    /// (a few hundred bytes) reach <see cref="MaxBatchEvents"/> first.
    /// </summary>
    [Range(64 * 1024, 1024L * 1024 * 1024)]
    public long MaxBatchBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>
    /// Longest time between store commits (and queue checkpoints) while events keep arriving; a commit comes sooner once
    /// the events indexed since the last one hold half the queue's <c>MaxPendingEvents</c>. Events are durable in the queue
    /// from their acknowledgement: the commit only lets the queue forget them, and bounds what a restart indexes again.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(5);
}
