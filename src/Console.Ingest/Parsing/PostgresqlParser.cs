using System.Buffers;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Console.Ingest.Parsing.Grok;
using Console.Shared.Events;

namespace Console.Ingest.Parsing;

/// <summary>
/// PostgreSQL's stderr log with <c>log_line_prefix = '%m [%p] %q%u@%d '</c>. An event is one prefixed line plus the
/// TAB-indented lines that continue it (the tailer joins those); through syslog the prefix may lack time and pid, and
/// an event is a whole report (its DETAIL and STATEMENT lines too, see <c>PostgresqlMultilineJoiner</c>). <c>duration: N ms  statement: ...</c> gives
/// <c>duration_ms</c> and <c>db.statement</c>; a <c>/* request_id=... */</c> comment in a statement gives <c>request_id</c>.
/// </summary>
/// <remarks>
/// Levels: LOG, INFO, NOTICE → INFO; WARNING; ERROR; FATAL, PANIC → CRITICAL; DEBUGn → DEBUG.
/// STATEMENT, DETAIL, HINT, CONTEXT, QUERY and LOCATION lines belong to the report before them (same pid, same time),
/// but each comes on its own prefixed line, so each arrives here as its own event: it keeps that severity in
/// <c>postgresql.severity</c> and gets INFO, so <c>log_level:ERROR</c> counts each error once (the manifest's
/// postgres_error_lines) while the statement stays findable by <c>process.pid</c>, time and <c>request_id</c>.
/// </remarks>
internal sealed class PostgresqlParser : GrokLogParser
{
    public const string ParserName = "postgresql";

    // The lines PostgreSQL adds to a report after its message (elog.c's send_message_to_server_log).
    private static readonly string[] ReportLineKinds = ["DETAIL", "HINT", "CONTEXT", "QUERY", "LOCATION", "STATEMENT"];

    private static readonly SearchValues<char> RequestIdChars = SearchValues.Create("0123456789abcdefABCDEF-_");

    private readonly GrokField _severity;
    private readonly GrokField _message;
    private readonly GrokExpression _duration;
    private readonly GrokField _durationValue;
    private readonly GrokExpression _connection;

    public PostgresqlParser(GrokPatternLibrary patterns, TimeSpan matchTimeout)
        : base(ParserName, "postgresql", "postgresql.log", patterns.Compile("%{POSTGRESQL_LOG}", matchTimeout, [TimestampCapture, LevelCapture]))
    {
        _severity = Line.Field(LevelCapture);
        _message = Line.Field("message");
        _duration = patterns.Compile("%{PG_DURATION}", matchTimeout, ["duration"]);
        _durationValue = _duration.Field("duration");
        _connection = patterns.Compile("%{PG_CONNECTION_AUTHORIZED}", matchTimeout);
    }

    /// <summary>Through syslog the line prefix often has no time (<c>%q%u@%d </c>): the syslog header's time stays.</summary>
    protected override bool TimeIsOptional => true;

    protected override ParseOutcome Complete(string raw, Match match, JsonObject fields)
    {
        _severity.TryGetSpan(match, out var text);
        var (severity, level) = Severity(text);
        EventFields.Set(fields, "postgresql", "severity", severity);
        EventFields.SetLevel(fields, level);

        var message = _message.Group(match);
        var body = message is null ? default : raw.AsSpan(message.Index, message.Length);
        var outcome = ParseOutcome.Failed;
        var hasStatement = false;
        if (severity == "LOG" && body.StartsWith("duration: ", StringComparison.Ordinal))
        {
            outcome = ApplyWithin(_duration, raw, message, fields, out var duration);
            if (outcome == ParseOutcome.Parsed && _durationValue.TryGetSpan(duration, out var ms) &&
                double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds))
            {
                fields["duration_ms"] = milliseconds;
                hasStatement = true;
            }
        }
        else if (severity == "STATEMENT" && EventFields.TryGetString(fields, LogSchema.Message, out var statement))
        {
            EventFields.Set(fields, "db", "statement", statement);
            hasStatement = true;
        }
        else if (severity == "LOG" && body.StartsWith("connection authorized: ", StringComparison.Ordinal))
        {
            outcome = ApplyWithin(_connection, raw, message, fields, out _);
        }

        if (outcome == ParseOutcome.TimedOut)
        {
            return EventFields.Fail(fields, outcome);
        }

        if (hasStatement)
        {
            SetRequestId(body, fields);
        }

        if (message is not null)
        {
            ApplyReportLines(raw.AsSpan(message.Index, message.Length), fields);
        }

        return ParseOutcome.Parsed;
    }

    /// <summary>
    /// A whole report, as syslog brings it once its lines are joined: the first line's message, then DETAIL, HINT,
    /// CONTEXT, QUERY, LOCATION and STATEMENT lines, each with the line prefix again (the message's own further lines
    /// start with a tab). <c>message</c> keeps the first part; the others go to <c>postgresql.detail</c>, ... and
    /// <c>db.statement</c>; <c>event.original</c> keeps it all.
    /// </summary>
    private static void ApplyReportLines(ReadOnlySpan<char> body, JsonObject fields)
    {
        var primaryEnd = -1;
        string? kind = null;
        var textStart = 0;
        for (var end = body.IndexOf('\n'); end >= 0; end = NextLineEnd(body, end))
        {
            var lineStart = end + 1;
            if (lineStart >= body.Length || body[lineStart] == '\t' || ReportLine(body[lineStart..]) is not { } found)
            {
                continue;
            }

            var (name, at) = found;

            if (kind is null)
            {
                primaryEnd = end;
            }
            else
            {
                SetReportPart(fields, kind, body[textStart..end]);
            }

            kind = name;
            textStart = lineStart + at;
        }

        if (kind is null)
        {
            return;
        }

        SetReportPart(fields, kind, body[textStart..]);
        fields[LogSchema.Message] = body[..primaryEnd].ToString();
    }

    private static int NextLineEnd(ReadOnlySpan<char> body, int end)
    {
        var next = body[(end + 1)..].IndexOf('\n');
        return next < 0 ? -1 : end + 1 + next;
    }

    /// <summary>The kind of a report line (<c>... DETAIL:  text</c>) and where its text starts, or null.</summary>
    private static (string Kind, int TextStart)? ReportLine(ReadOnlySpan<char> text)
    {
        var lineEnd = text.IndexOf('\n');
        var line = lineEnd < 0 ? text : text[..lineEnd];
        (string, int)? first = null;
        foreach (var kind in ReportLineKinds)
        {
            var at = line.IndexOf(kind, StringComparison.Ordinal);
            var colon = at + kind.Length;
            if (at >= 0 && (first is null || at < first.Value.Item2) && (at == 0 || line[at - 1] is ' ' or ']') &&
                line[colon..].StartsWith(":  ", StringComparison.Ordinal))
            {
                first = (kind, at);
            }
        }

        return first is { } kindAt ? (kindAt.Item1, kindAt.Item2 + kindAt.Item1.Length + 3) : null;
    }

    private static void SetReportPart(JsonObject fields, string kind, ReadOnlySpan<char> text)
    {
        if (kind == "STATEMENT")
        {
            if (EventFields.Get(fields, "db", "statement") is null)
            {
                EventFields.Set(fields, "db", "statement", text.ToString());
            }

            SetRequestId(text, fields);
            return;
        }

        EventFields.Set(fields, "postgresql", kind.ToLowerInvariant(), text.ToString());
    }

    /// <summary>Django's SQL carries the request's id in a comment (<c>/* request_id=abc */</c>), which ties a slow or failing statement to its request.</summary>
    private static void SetRequestId(ReadOnlySpan<char> statement, JsonObject fields)
    {
        const string Key = "request_id=";
        var at = statement.IndexOf(Key, StringComparison.Ordinal);
        if (at < 0 || fields.ContainsKey("request_id"))
        {
            return;
        }

        var id = statement[(at + Key.Length)..];
        var end = id.IndexOfAnyExcept(RequestIdChars);
        id = end < 0 ? id : id[..end];
        if (!id.IsEmpty)
        {
            fields["request_id"] = id.ToString();
        }
    }

    private static (string Severity, string Level) Severity(ReadOnlySpan<char> severity) => severity switch
    {
        "LOG" => ("LOG", LogLevels.Info),
        "INFO" => ("INFO", LogLevels.Info),
        "NOTICE" => ("NOTICE", LogLevels.Info),
        "WARNING" => ("WARNING", LogLevels.Warning),
        "ERROR" => ("ERROR", LogLevels.Error),
        "FATAL" => ("FATAL", LogLevels.Critical),
        "PANIC" => ("PANIC", LogLevels.Critical),
        "STATEMENT" => ("STATEMENT", LogLevels.Info),
        "DETAIL" => ("DETAIL", LogLevels.Info),
        "HINT" => ("HINT", LogLevels.Info),
        "CONTEXT" => ("CONTEXT", LogLevels.Info),
        "QUERY" => ("QUERY", LogLevels.Info),
        "LOCATION" => ("LOCATION", LogLevels.Info),
        _ when severity.StartsWith("DEBUG", StringComparison.Ordinal) => (severity.ToString(), LogLevels.Debug),
        _ => (severity.ToString(), LevelNames.Normalize(severity)),
    };
}
