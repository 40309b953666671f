using System.ComponentModel.DataAnnotations;

namespace Console.Ingest.Queue;

/// <summary>The <c>Ingest:Queue</c> settings of the durable queue.</summary>
public sealed class WriteAheadLogOptions
{
    public const string Section = "Ingest:Queue";

    /// <summary>Folder of the log's segments; empty means <c>{Storage:DataPath}/ingest/wal</c>.</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>Size at which a segment is closed and a new one started; indexed segments are deleted whole.</summary>
    [Range(1024 * 1024, 4L * 1024 * 1024 * 1024)]
    public long SegmentBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Events accepted but not yet indexed and committed; past this the queue is full (HTTP 429, TCP stops reading).
    /// Unread events are held in memory as well as on disk (a few KB each), so this also bounds the memory a backlog takes:
    /// 500,000 let a 1M-event burst grow the process past 3 GiB.
    /// </summary>
    [Range(1000, 100_000_000)]
    public int MaxPendingEvents { get; set; } = 100_000;
}
