using System.Text;

namespace Console.Ingest.Tests.Support;

/// <summary>
/// Writes a PostgreSQL report to syslog lines the way PostgreSQL 15 does (elog.c's <c>write_syslog</c> with
/// <c>syslog_sequence_numbers</c> and <c>syslog_split_messages</c> on, the defaults) and rsyslog forwards them: one
/// <c>[SEQ-N] </c> line per line of the report, a line longer than 900 bytes cut at its last space (or mid-word when it
/// has none), control characters written as <c>#</c> and three octal digits (a tab is <c>#011</c>).
/// </summary>
public static class PostgresqlSyslogWriter
{
    private const int SyslogLineLimit = 900; // PG_SYSLOG_LIMIT

    /// <summary>The messages (after <c>postgres[pid]: </c>) that one report becomes.</summary>
    public static List<string> Lines(long sequence, string report)
    {
        var lines = new List<string>();
        var bytes = Encoding.UTF8.GetBytes(report + "\n"); // PostgreSQL ends every report line with \n
        var at = 0;
        var chunk = 0;
        while (at < bytes.Length)
        {
            if (bytes[at] == (byte)'\n')
            {
                at++;
                continue;
            }

            var newline = Array.IndexOf(bytes, (byte)'\n', at);
            var length = Math.Min(newline < 0 ? bytes.Length - at : newline - at, SyslogLineLimit);
            while (length > 0 && at + length < bytes.Length && (bytes[at + length] & 0xC0) == 0x80)
            {
                length--; // pg_mbcliplen: never cut a UTF-8 character
            }

            if (at + length < bytes.Length && !IsSpace(bytes[at + length]))
            {
                // Try to cut at a word boundary: the space stays at the start of the next line.
                var i = length - 1;
                while (i > 0 && !IsSpace(bytes[at + i]))
                {
                    i--;
                }

                if (i > 0)
                {
                    length = i;
                }
            }

            chunk++;
            lines.Add($"[{sequence}-{chunk}] {Escape(Encoding.UTF8.GetString(bytes, at, length))}");
            at += length;
        }

        return lines;
    }

    /// <summary>An RFC 3164 datagram as rsyslog forwards it: <c>&lt;PRI&gt;Mmm dd hh:mm:ss host postgres[pid]: message</c>.</summary>
    public static string Rfc3164(string message, long pid, string host = "db1", string time = "Nov 23 23:14:46", int priority = 131) =>
        $"<{priority}>{time} {host} postgres[{pid}]: {message}";

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';

    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c < ' ' || c == '\x7f')
            {
                escaped.Append('#').Append(Convert.ToString(c, 8).PadLeft(3, '0'));
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }
}
