using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Console.Ingest.Parsing;
using Console.Ingest.Pipeline;
using Console.Ingest.Sources.Multiline;
using Console.Shared.Events;

namespace Console.Ingest.Sources.Syslog;

/// <summary>
/// Puts PostgreSQL's syslog lines back together, one event per log message. With <c>log_destination = syslog</c>
/// PostgreSQL sends a message as lines <c>[SEQ-N] text</c>: cut at its line ends (a report's DETAIL and STATEMENT lines,
/// a statement's own lines, which start with a tab that rsyslog writes as <c>#011</c>) and every 900 bytes. The lines
/// of one sender, host, program and pid with the same SEQ are joined in N order into the event of the first; it is
/// complete when the next message of that process starts, after <see cref="MultilineLimits.Timeout"/> without a line,
/// or on <see cref="FlushAll"/>. The design is the file tailer's <c>MultilineAggregator</c> (same limits, flags and
/// Add / FlushIfExpired / Flush shape), keyed by process and ordered by line number because datagrams may be reordered.
/// </summary>
/// <remarks>
/// Counts, as the stage <see cref="StageName"/>: received = PostgreSQL lines taken, parsed = events sent, failed = an
/// event sent with a line missing, truncated or pushed out early by <see cref="PostgresqlMultilineOptions.MaxPending"/>
/// (each with its reason among the recent rejections). Nothing is ever dropped.
/// </remarks>
internal sealed class PostgresqlMultilineJoiner
{
    public const string StageName = "syslog-postgresql-multiline";

    // PG_SYSLOG_LIMIT in PostgreSQL's elog.c: a longer line is cut at a word boundary, or here when it has none.
    private const int SyslogLineLimit = 900;

    // C's isspace, which PostgreSQL cuts long lines at.
    private static readonly SearchValues<char> Whitespace = SearchValues.Create(" \t\n\v\f\r");

    private readonly PostgresqlMultilineOptions _options;
    private readonly HashSet<string> _parsers;
    private readonly ComponentCounters _counters;
    private readonly Lock _lock = new();
    private readonly Dictionary<ProcessKey, PendingMessage> _pending = [];
    private readonly Dictionary<string, int> _pendingBySender = new(StringComparer.Ordinal);

    /// <param name="parsers">The <c>Programs</c> parser values whose lines are PostgreSQL's (those naming <c>postgresql</c>).</param>
    public PostgresqlMultilineJoiner(PostgresqlMultilineOptions options, IEnumerable<string> parsers, ComponentCounters counters)
    {
        _options = options;
        _counters = counters;
        _parsers = new HashSet<string>(
            parsers.Where(p => p.Split(FirstMatchParser.Separator, StringSplitOptions.TrimEntries).Contains(PostgresqlParser.ParserName, StringComparer.Ordinal)),
            StringComparer.Ordinal);
    }

    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Takes one syslog record: adds to <paramref name="ready"/> whatever is complete now (this record when it is not PostgreSQL's).</summary>
    public void Add(IngestRecord record, string? sender, DateTimeOffset now, List<IngestRecord> ready)
    {
        if (record.Parser is null || !_parsers.Contains(record.Parser) ||
            !EventFields.TryGetString(record.Fields, LogSchema.Message, out var message))
        {
            ready.Add(record);
            return;
        }

        var text = DecodeEscapes(message);
        var key = ProcessKey.Of(record.Fields, sender);
        if (!TryReadLineNumber(text, out var sequence, out var number, out var body))
        {
            // A whole message ([5] with syslog_split_messages off, or no number at all): it also ends the one before.
            if (!ReferenceEquals(text, message))
            {
                record.Fields[LogSchema.Message] = text;
            }

            lock (_lock)
            {
                Send(key, ready);
            }

            ready.Add(record);
            return;
        }

        _counters.AddReceived(1, now);
        lock (_lock)
        {
            if (_pending.TryGetValue(key, out var pending))
            {
                if (pending.Sequence == sequence && pending.TryAdd(record, number, body, now, _options))
                {
                    return;
                }

                if (sequence < pending.Sequence)
                {
                    // A late datagram of a message already left behind: sent alone, the waiting message is not disturbed.
                    var late = new PendingMessage(record, sequence, number, body, now);
                    ready.Add(Complete(key, late));
                    return;
                }

                Send(key, ready);
            }

            MakeRoom(key.Sender, ready);
            _pending[key] = new PendingMessage(record, sequence, number, body, now);
            _pendingBySender[key.Sender] = _pendingBySender.GetValueOrDefault(key.Sender) + 1;
        }
    }

    /// <summary>Sends the messages that waited <see cref="MultilineLimits.Timeout"/> since their last line.</summary>
    public void FlushExpired(DateTimeOffset now, List<IngestRecord> ready)
    {
        lock (_lock)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            foreach (var (key, pending) in _pending.Where(p => now >= p.Value.LastLineAt + _options.Timeout).OrderBy(p => p.Value.LastLineAt).ToList())
            {
                Send(key, ready);
            }
        }
    }

    /// <summary>Sends every waiting message as it is (the receiver is stopping).</summary>
    public void FlushAll(List<IngestRecord> ready)
    {
        lock (_lock)
        {
            foreach (var (key, _) in _pending.OrderBy(p => p.Value.LastLineAt).ToList())
            {
                Send(key, ready);
            }
        }
    }

    /// <summary>Keeps both bounds by sending the message that waited longest, of this sender first.</summary>
    private void MakeRoom(string sender, List<IngestRecord> ready)
    {
        if (_pendingBySender.GetValueOrDefault(sender) >= _options.MaxPendingPerSender)
        {
            SendOldest(ready, sender, $"sender {sender} had {_options.MaxPendingPerSender} PostgreSQL messages waiting (PostgresqlMultiline:MaxPendingPerSender)");
        }

        if (_pending.Count >= _options.MaxPending)
        {
            SendOldest(ready, null, $"{_options.MaxPending} PostgreSQL messages were waiting (PostgresqlMultiline:MaxPending)");
        }
    }

    private void SendOldest(List<IngestRecord> ready, string? sender, string reason)
    {
        KeyValuePair<ProcessKey, PendingMessage>? oldest = null;
        foreach (var entry in _pending)
        {
            if ((sender is null || entry.Key.Sender == sender) && (oldest is null || entry.Value.LastLineAt < oldest.Value.Value.LastLineAt))
            {
                oldest = entry;
            }
        }

        if (oldest is { } found)
        {
            _counters.Fail($"{reason}: sent {Describe(found.Key, found.Value)} before its time", found.Value.LastLineAt);
            Send(found.Key, ready);
        }
    }

    private void Send(ProcessKey key, List<IngestRecord> ready)
    {
        if (!_pending.Remove(key, out var pending))
        {
            return;
        }

        var left = _pendingBySender[key.Sender] - 1;
        if (left == 0)
        {
            _pendingBySender.Remove(key.Sender);
        }
        else
        {
            _pendingBySender[key.Sender] = left;
        }

        ready.Add(Complete(key, pending));
    }

    private IngestRecord Complete(ProcessKey key, PendingMessage pending)
    {
        var lines = pending.Lines;
        var text = new StringBuilder(pending.Bytes + lines.Count);
        text.Append(lines[0].Text);
        var incomplete = lines[0].Number != 1;
        for (var i = 1; i < lines.Count; i++)
        {
            var (previous, line) = (lines[i - 1], lines[i]);
            var follows = line.Number == previous.Number + 1;
            incomplete |= !follows;
            text.Append(follows && IsCutByLength(previous, line.Text) ? "" : "\n").Append(line.Text);
        }

        var fields = pending.First.Fields;
        fields[LogSchema.Message] = text.ToString();
        if (lines.Count > 1 || pending.Truncated || incomplete)
        {
            var flags = new JsonArray(MultilineFlags.Multiline);
            if (pending.Truncated)
            {
                flags.Add(MultilineFlags.Truncated);
                _counters.Fail($"{Describe(key, pending)} was longer than PostgresqlMultiline:MaxLines ({_options.MaxLines}) or MaxBytes ({_options.MaxBytes}); the rest was dropped", pending.LastLineAt);
            }

            if (incomplete)
            {
                flags.Add(MultilineFlags.Incomplete);
                _counters.Fail($"{Describe(key, pending)} lacks a line (got {string.Join(",", lines.Select(l => l.Number))}); sent without it", pending.LastLineAt);
            }

            if (fields["log"] is not JsonObject log)
            {
                fields["log"] = log = [];
            }

            log["flags"] = flags;
        }

        _counters.AddParsed(1);
        return pending.First;
    }

    /// <summary>
    /// Whether PostgreSQL cut a line for length rather than at a line end (whose newline it does not send). After a line
    /// end comes a tab (the message's next line) or the next report line's prefix. A length cut is made at the last
    /// whitespace of the 900 bytes, which then starts the next line, or mid-word when the 900 bytes have none. A cut at
    /// a tab inside a line cannot be told from a line end and gets a line end: statements rarely hold tabs, while every
    /// further line of a message starts with one.
    /// </summary>
    private static bool IsCutByLength(PendingLine previous, string next)
    {
        if (next.StartsWith(' '))
        {
            return true;
        }

        // Up to 3 bytes short of the limit: PostgreSQL never cuts inside a UTF-8 character.
        return !next.StartsWith('\t') && previous.Bytes >= SyslogLineLimit - 3 && previous.Text.AsSpan(1).IndexOfAny(Whitespace) < 0;
    }

    private static string Describe(ProcessKey key, PendingMessage pending) =>
        $"message {pending.Sequence} of {key.Program ?? "postgres"}[{key.Pid?.ToString(CultureInfo.InvariantCulture) ?? "-"}] on {key.Host ?? key.Sender}";

    /// <summary>rsyslog (and the receiver's own RFC 3164 senders) write control characters as <c>#</c> and three octal digits.</summary>
    internal static string DecodeEscapes(string text) =>
        text.Contains("#01", StringComparison.Ordinal) ? text.Replace("#011", "\t", StringComparison.Ordinal).Replace("#012", "\n", StringComparison.Ordinal) : text;

    /// <summary>Reads <c>[SEQ-N] </c> (syslog_sequence_numbers on, the default) from the start of a line.</summary>
    internal static bool TryReadLineNumber(string text, out long sequence, out int number, out string body)
    {
        sequence = 0;
        number = 0;
        body = "";
        var head = text.AsSpan(0, Math.Min(text.Length, 32));
        var dash = head.IndexOf('-');
        var close = head.IndexOf("] ", StringComparison.Ordinal);
        if (head.Length < 6 || head[0] != '[' || dash < 2 || close < dash + 2 ||
            !long.TryParse(head[1..dash], NumberStyles.None, CultureInfo.InvariantCulture, out sequence) ||
            !int.TryParse(head[(dash + 1)..close], NumberStyles.None, CultureInfo.InvariantCulture, out number) ||
            number < 1)
        {
            return false;
        }

        body = text[(close + 2)..];
        return true;
    }

    private readonly record struct ProcessKey(string Sender, string? Host, string? Program, long? Pid)
    {
        public static ProcessKey Of(JsonObject fields, string? sender)
        {
            var host = fields["host"] is JsonObject h && h["name"] is JsonValue name && name.TryGetValue(out string? hostName) ? hostName : null;
            string? program = null;
            long? pid = null;
            if (fields["process"] is JsonObject process)
            {
                program = process["name"] is JsonValue p && p.TryGetValue(out string? text) ? text : null;
                pid = process["pid"] is JsonValue id && id.TryGetValue(out long value) ? value : null;
            }

            return new ProcessKey(sender ?? "", host, program, pid);
        }
    }

    private readonly record struct PendingLine(int Number, string Text, int Bytes);

    /// <summary>One message's lines so far, in line-number order; the event is the record of the lowest line.</summary>
    private sealed class PendingMessage
    {
        public PendingMessage(IngestRecord record, long sequence, int number, string text, DateTimeOffset now)
        {
            First = record;
            Sequence = sequence;
            LastLineAt = now;
            var bytes = Encoding.UTF8.GetByteCount(text);
            Lines.Add(new PendingLine(number, text, bytes));
            Bytes = bytes;
        }

        public IngestRecord First { get; private set; }

        public long Sequence { get; }

        public List<PendingLine> Lines { get; } = [];

        public int Bytes { get; private set; }

        public bool Truncated { get; private set; }

        public DateTimeOffset LastLineAt { get; private set; }

        /// <summary>Adds a line of this message; false when its number was seen already (a new message with the same number: a restart).</summary>
        public bool TryAdd(IngestRecord record, int number, string text, DateTimeOffset now, MultilineLimits limits)
        {
            var at = Lines.FindIndex(l => l.Number >= number);
            if (at >= 0 && Lines[at].Number == number)
            {
                return false;
            }

            LastLineAt = now;
            var bytes = Encoding.UTF8.GetByteCount(text);
            if (Truncated || Lines.Count >= limits.MaxLines || Bytes + bytes > limits.MaxBytes)
            {
                Truncated = true; // consumed, text dropped, as the file tailer does past its limits
                return true;
            }

            if (at < 0)
            {
                Lines.Add(new PendingLine(number, text, bytes));
            }
            else
            {
                Lines.Insert(at, new PendingLine(number, text, bytes));
                if (at == 0)
                {
                    First = record; // an earlier line arrived late: its syslog fields (time, priority) are the message's
                }
            }

            Bytes += bytes;
            return true;
        }
    }
}
