using System.ComponentModel.DataAnnotations;

namespace Console.Ingest.Sources.Files;

/// <summary>The <c>Ingest:Files</c> settings: which log files to follow (Filebeat's job) and how.</summary>
public sealed class FileTailOptions
{
    public const string Section = "Ingest:Files";

    /// <summary>Off by default so a sample configuration with inputs does not start reading host files by surprise.</summary>
    public bool Enabled { get; set; }

    /// <summary>Where read offsets are kept; empty means <c>{Storage:DataPath}/ingest/file-registry.json</c>.</summary>
    public string RegistryPath { get; set; } = "";

    /// <summary>How often globs are expanded again and idle files are checked for new lines.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest accepted line; a longer one is rejected, counted and skipped up to its newline.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxLineBytes { get; set; } = 1024 * 1024;

    /// <summary>Most events handed to the pipeline in one submission.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>
    /// A file no longer matched by the globs (renamed by rotation) is closed once fully read and unchanged this long;
    /// a deleted file is closed as soon as it is fully read.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan CloseInactive { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Least time between two registry writes (each is a synced file write); zero writes after every accepted batch.
    /// A crash replays at most this much, and replays are harmless because event ids are stable (Filebeat's
    /// <c>registry.flush</c>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RegistryFlushInterval { get; set; } = TimeSpan.Zero;

    public List<FileInputOptions> Inputs { get; set; } = [];
}
