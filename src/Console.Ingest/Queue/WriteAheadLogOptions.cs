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

    /// <summary>
    /// Longest an HTTP ingest request waits for room in a full queue for the later parts of its body (a long body is queued
    /// in parts; only its first part is refused at once, with nothing taken). Past it the request is answered 429 saying
    /// how many of its first events were taken. Shorter than the usual shippers' own request timeouts (Filebeat 90 s, .NET's
    /// HttpClient 100 s), so a sender gets that answer rather than a timeout that leaves it guessing.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan MaxRequestWait { get; set; } = TimeSpan.FromSeconds(30);
}
