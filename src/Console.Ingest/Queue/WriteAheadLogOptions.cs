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
    /// Their memory is bounded by <see cref="MaxHeldBytes"/>, not by this count.
    /// </summary>
    [Range(1000, 100_000_000)]
    public int MaxPendingEvents { get; set; } = 100_000;

    /// <summary>
    /// Most bytes of queue records (the events' JSON as written to disk) held in memory for the indexer; waiting events past
    /// this are read back from the queue's segments when the indexer reaches them. Not a limit on intake (that is
    /// <see cref="MaxPendingEvents"/>): it keeps the memory of a backlog the same whatever its events' size. Held, an event
    /// was ~6 KB of heap as a parsed tree plus its JSON, so a full queue of 100,000 syslog lines of random bytes held
    /// ~600 MiB; now held events are their JSON bytes only. 0 reads every batch back from disk.
    /// </summary>
    [Range(0, 64L * 1024 * 1024 * 1024)]
    public long MaxHeldBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>
    /// Longest an HTTP ingest request waits for room in a full queue for the later parts of its body (a long body is queued
    /// in parts; only its first part is refused at once, with nothing taken). Past it the request is answered 429 saying
    /// how many of its first events were taken. Shorter than the usual shippers' own request timeouts (Filebeat 90 s, .NET's
    /// HttpClient 100 s), so a sender gets that answer rather than a timeout that leaves it guessing.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan MaxRequestWait { get; set; } = TimeSpan.FromSeconds(30);
}
