using System.ComponentModel.DataAnnotations;

namespace Console.Shared.Storage;

/// <summary>The <c>Storage</c> section of the settings.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Where indices and the console's own state live; relative paths are under the working directory.</summary>
    [Required]
    public string DataPath { get; set; } = "data";

    /// <summary>How often new events become searchable (Elasticsearch's refresh_interval).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// An index not searched for this long is search-idle (Elasticsearch's <c>index.search.idle.after</c>): the scheduled
    /// refresh skips it, and the next search of it refreshes it first, so that search still sees every event indexed
    /// before it. Refreshing an index nobody reads only cut its new events into small segments for the merges to fold
    /// again. An index is idle until its first search. <c>00:00:00</c> refreshes every index on schedule.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan SearchIdleAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often indexed events are committed to disk when nobody asked for a flush.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Memory each index buffers before it writes a segment.</summary>
    [Range(4, 2048)]
    public int RamBufferMegabytes { get; set; } = 64;

    /// <summary>
    /// Most threads that index one batch, each writing indices of its own (Elasticsearch's <c>thread_pool.write.size</c>);
    /// unset, one per processor. One index is always written by one thread at a time.
    /// </summary>
    [Range(1, 1024)]
    public int? IndexingThreads { get; set; }

    /// <summary>Most distinct fields an index family may have (Elasticsearch's mapping.total_fields.limit); later ones are flagged, not indexed.</summary>
    [Range(10, 100_000)]
    public int MaxFieldsPerIndex { get; set; } = 1000;
}
