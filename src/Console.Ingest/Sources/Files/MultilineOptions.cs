using System.ComponentModel.DataAnnotations;

namespace Console.Ingest.Sources.Files;

/// <summary>
/// Groups physical lines into one event the way Filebeat's <c>multiline.*</c> settings do: a line is a continuation
/// when <see cref="Pattern"/> matches it (or does not, with <see cref="Negate"/>), and joins the line before or after
/// it per <see cref="Match"/>.
/// </summary>
public sealed class MultilineOptions
{
    /// <summary>A .NET regular expression, e.g. <c>^\d{4}-\d{2}-\d{2} </c> for lines that start a Python log record.</summary>
    [Required]
    public string Pattern { get; set; } = "";

    public bool Negate { get; set; }

    public MultilineMatch Match { get; set; } = MultilineMatch.After;

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
