using System.ComponentModel.DataAnnotations;

namespace Console.Ingest.Sources.Multiline;

/// <summary>
/// How far one event of several lines may grow and how long it waits for its next line, the same for every joiner
/// (the file tailer's <c>Multiline</c>, the syslog receiver's <c>PostgresqlMultiline</c>): past a limit the remaining
/// lines are still consumed but their text is dropped and the event is flagged <c>truncated</c>, as Filebeat does.
/// </summary>
public abstract class MultilineLimits
{
    /// <summary>Lines kept in one event; later continuation lines are consumed but dropped and the event is flagged <c>truncated</c>.</summary>
    [Range(1, 100_000)]
    public int MaxLines { get; set; } = 500;

    /// <summary>Bytes kept in one event, the same way as <see cref="MaxLines"/> (Filebeat's <c>max_bytes</c>).</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>How long a pending event waits for another line before it is sent as it is.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);
}
