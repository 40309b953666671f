using System.ComponentModel.DataAnnotations;
using Console.Ingest.Sources.Multiline;

namespace Console.Ingest.Sources.Syslog;

/// <summary>
/// The <c>Ingest:Syslog:PostgresqlMultiline</c> settings: putting PostgreSQL's syslog lines (<c>[3-1]</c>, <c>[3-2]</c>,
/// ...) back together into one event per log message, with the file tailer's multi-line limits. A message waits for
/// the next message of its process, or <see cref="MultilineLimits.Timeout"/> without a line, or the receiver's stop.
/// </summary>
public sealed class PostgresqlMultilineOptions : MultilineLimits
{
    public PostgresqlMultilineOptions()
    {
        // Every PostgreSQL message through syslog waits for what follows it, so the wait is short; 900-byte lines make
        // a 1 MiB statement about 1200 lines.
        MaxLines = 5000;
        MaxBytes = 1024 * 1024;
        Timeout = TimeSpan.FromSeconds(1);
    }

    /// <summary>Off: every syslog line of PostgreSQL is its own event, as before.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Messages waiting for lines at most; past it the one waiting longest is sent as it is (counted).</summary>
    [Range(1, 1_000_000)]
    public int MaxPending { get; set; } = 4096;

    /// <summary>Messages of one sender address waiting at most, so one chatty server cannot push the others' messages out early.</summary>
    [Range(1, 1_000_000)]
    public int MaxPendingPerSender { get; set; } = 1024;
}
