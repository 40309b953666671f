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
    /// Longest time between store commits (and queue checkpoints) while events keep arriving; a commit also runs once half
    /// the queue's capacity waits for one. Events are durable in the queue before they are acknowledged, so this bounds how
    /// much a restart after a crash indexes again, not what it can lose. Every commit (like every refresh) closes a small
    /// segment that merges must rewrite later, so 1 s made commits and merges a large share of the indexing CPU.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(5);
}
