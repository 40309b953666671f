using System.ComponentModel.DataAnnotations;

namespace Console.Ingest.Indexing;

/// <summary>The <c>Ingest:Indexer</c> settings.</summary>
public sealed class QueueIndexerOptions
{
    public const string Section = "Ingest:Indexer";

    /// <summary>Most events handed to the store in one call.</summary>
    [Range(100, 1_000_000)]
    public int MaxBatchEvents { get; set; } = 20_000;

    /// <summary>Longest time between store commits (and queue checkpoints) while events keep arriving.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(1);
}
