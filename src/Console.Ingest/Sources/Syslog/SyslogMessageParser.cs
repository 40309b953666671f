using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Console.Shared.Events;

namespace Console.Ingest.Sources.Syslog;

/// <summary>
/// Reads one syslog message into an event: RFC 5424; RFC 3164 as rsyslog, logger, nginx, gunicorn and Python's
/// SysLogHandler send it (the last two send neither timestamp nor hostname); and lines of a /var/log/syslog file, which
/// have no PRI. Never throws: a message it cannot read is kept whole as <c>message</c> and tagged <see cref="FailureTag"/>.
/// </summary>
/// <remarks>
/// RFC 3164 times carry no year and no zone: they are read as UTC (what our hosts run) in the year that puts them
/// closest to now without being more than a day ahead, so a December line read in January lands in the right year.
/// </remarks>
public sealed class SyslogMessageParser(TimeProvider timeProvider)
{
    public const string FailureTag = "_syslogparsefailure";

    private const char ByteOrderMark = '\uFEFF';

    private static readonly TimeSpan MaxAhead = TimeSpan.FromDays(1);

    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    public JsonObject Parse(ReadOnlySpan<byte> utf8, string? senderHost = null, DateTimeOffset? receivedAt = null) =>
        Parse(Encoding.UTF8.GetString(utf8), senderHost, receivedAt);

    public JsonObject Parse(in ReadOnlySequence<byte> utf8, string? senderHost = null, DateTimeOffset? receivedAt = null) =>
        Parse(Encoding.UTF8.GetString(utf8), senderHost, receivedAt);

    /// <param name="text">One message, without its transport framing (a trailing line end is ignored).</param>
    /// <param name="senderHost">Where the message came from; becomes <c>host.name</c> when the message names no host, as in rsyslog.</param>
    /// <param name="receivedAt">When it arrived (default: now): the time of a message that has none, and the reference for RFC 3164's missing year.</param>
    public JsonObject Parse(string text, string? senderHost = null, DateTimeOffset? receivedAt = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var now = receivedAt ?? timeProvider.GetUtcNow();
        var raw = text.AsSpan().TrimEnd("\r\n\0");
        var rest = raw;
        int? priority = null;
        if (!rest.IsEmpty && rest[0] == '<')
        {
            if (!TryReadPriority(ref rest, out var value))
            {
                return Failure(raw, null, senderHost, now, "the message starts with '<' but has no valid PRI (<0> to <191>)");
            }

            priority = value;
        }
        else if (rest.IsWhiteSpace())
        {
            return Failure(raw, null, senderHost, now, "empty message");
        }

        var header = new Header();
        var error = rest.StartsWith("1 ", StringComparison.Ordinal)
            ? Parse5424(rest[2..], header)
            : Parse3164(rest, hasPriority: priority is not null, now, header);
        return error is null ? Build(priority, header, senderHost, now) : Failure(raw, priority, senderHost, now, error);
    }

    private static bool TryReadPriority(ref ReadOnlySpan<char> text, out int priority)
    {
        priority = 0;
        var close = text.IndexOf('>');
        if (close is < 2 or > 4)
        {
            return false;
        }

        var digits = text[1..close];
        // RFC 5424 forbids leading zeros except for <0> itself.
        if ((digits.Length > 1 && digits[0] == '0') ||
            !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out priority) ||
            priority > SyslogPriority.MaxValue)
        {
            return false;
        }

        text = text[(close + 1)..];
        return true;
    }

    // <PRI>1 TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP STRUCTURED-DATA [SP MSG]; the "1 " is already read.
    private static string? Parse5424(ReadOnlySpan<char> text, Header header)
    {
        if (!TryTakeField(ref text, out var timestamp) || !TryTakeField(ref text, out var host) ||
            !TryTakeField(ref text, out var app) || !TryTakeField(ref text, out var procId) ||
            !TryTakeField(ref text, out var msgId) || text.IsEmpty)
        {
            return "RFC 5424 header is incomplete (TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA)";
        }

        if (!IsNil(timestamp))
        {
            if (!TryParseRfc3339(timestamp, out var time))
            {
                return $"RFC 5424 timestamp '{timestamp}' is not an RFC 3339 time";
            }

            header.Timestamp = time;
        }

        header.Host = NilToNull(host);
        header.App = NilToNull(app);
        header.ProcId = NilToNull(procId);
        header.MsgId = NilToNull(msgId);

        if (text[0] == '-' && (text.Length == 1 || text[1] == ' '))
        {
            text = text[1..];
        }
        else if (text[0] == '[')
        {
            if (ParseStructuredData(ref text, header) is { } error)
            {
                return error;
            }
        }
        else
        {
            return "RFC 5424 structured data must be '-' or start with '['";
        }

        if (text.IsEmpty)
        {
            header.Message = "";
            return null;
        }

        if (text[0] != ' ')
        {
            return "RFC 5424 structured data is not followed by a space";
        }

        var message = text[1..];
        if (!message.IsEmpty && message[0] == ByteOrderMark)
        {
            message = message[1..];
        }
        else if (!message.IsEmpty && message[0] == ' ')
        {
            // rsyslog relaying an RFC 3164 message keeps the space that followed "tag:" as the message's first
            // character, so its RFC 5424 output has two spaces; the 3164 reading drops that space too.
            message = message[1..];
        }

        header.Message = message.ToString();
        return null;
    }

    private static string? ParseStructuredData(ref ReadOnlySpan<char> text, Header header)
    {
        var data = new JsonObject();
        var value = new StringBuilder();
        while (!text.IsEmpty && text[0] == '[')
        {
            text = text[1..];
            var idEnd = text.IndexOfAny(' ', ']');
            if (idEnd <= 0 || !IsSdName(text[..idEnd]))
            {
                return "RFC 5424 structured data element has no valid SD-ID";
            }

            var id = text[..idEnd].ToString();
            text = text[idEnd..];
            if (data[id] is not JsonObject element)
            {
                element = new JsonObject();
                data[id] = element;
            }

            while (!text.IsEmpty && text[0] == ' ')
            {
                text = text[1..];
                var equals = text.IndexOf('=');
                if (equals <= 0 || !IsSdName(text[..equals]))
                {
                    return $"RFC 5424 structured data element '{id}' has a parameter without a valid name";
                }

                var name = text[..equals].ToString();
                text = text[(equals + 1)..];
                if (text.IsEmpty || text[0] != '"')
                {
                    return $"RFC 5424 parameter '{id}.{name}' has no quoted value";
                }

                value.Clear();
                var i = 1;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        return $"RFC 5424 parameter '{id}.{name}' has no closing quote";
                    }

                    var c = text[i];
                    if (c == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or ']')
                    {
                        value.Append(text[i + 1]);
                        i += 2;
                        continue;
                    }

                    if (c == '"')
                    {
                        break;
                    }

                    // RFC 5424 6.3.3: a backslash before any other character is kept as is.
                    value.Append(c);
                    i++;
                }

                text = text[(i + 1)..];
                AddParameter(element, name, value.ToString());
            }

            if (text.IsEmpty || text[0] != ']')
            {
                return $"RFC 5424 structured data element '{id}' is not closed with ']'";
            }

            text = text[1..];
        }

        header.StructuredData = data;
        return null;
    }

    private static void AddParameter(JsonObject element, string name, string value)
    {
        // A parameter may repeat within an element (RFC 5424 6.3.3); its values are kept in order.
        switch (element[name])
        {
            case null:
                element[name] = value;
                break;
            case JsonArray values:
                values.Add(value);
                break;
            case var first:
                element[name] = new JsonArray(first.DeepClone(), value);
                break;
        }
    }

    private static bool IsSdName(ReadOnlySpan<char> name)
    {
        if (name.Length > 32)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c is <= ' ' or > '~' or '=' or ']' or '"')
            {
                return false;
            }
        }

        return true;
    }

    // [TIMESTAMP SP [HOSTNAME SP]] [TAG[[PID]][:] [SP]] MSG
    private static string? Parse3164(ReadOnlySpan<char> text, bool hasPriority, DateTimeOffset now, Header header)
    {
        switch (TryRead3164Timestamp(ref text, now, out var timestamp))
        {
            case TimestampOutcome.Read:
                header.Timestamp = timestamp;
                // rsyslog's rule: a hostname is a word of letters, digits, '.', '_' and '-' that is followed by a space.
                // "nginx:" and "app[12]:" are tags. Without a timestamp there is no hostname either (RFC 3164 4.3.3).
                header.Host = TryTakeHostName(ref text);
                break;
            case TimestampOutcome.Invalid:
                return "RFC 3164 timestamp is not a valid date";
            case TimestampOutcome.Absent when !hasPriority:
                return "neither a PRI nor a timestamp at the start: not a syslog message";
        }

        ReadTag(text, header);
        return null;
    }

    private static string? TryTakeHostName(ref ReadOnlySpan<char> text)
    {
        var i = 0;
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '.' or '_' or '-'))
        {
            i++;
        }

        if (i == 0 || !char.IsAsciiLetterOrDigit(text[i - 1]))
        {
            return null;
        }

        if (i == text.Length)
        {
            var onlyHost = text.ToString();
            text = [];
            return onlyHost;
        }

        if (text[i] != ' ')
        {
            return null;
        }

        var host = text[..i].ToString();
        text = text[(i + 1)..];
        return host;
    }

    private static void ReadTag(ReadOnlySpan<char> text, Header header)
    {
        var end = text.IndexOfAny(' ', ':', '[');
        if (end < 0)
        {
            end = text.Length;
        }

        if (end == 0)
        {
            header.Message = text.ToString();
            return;
        }

        header.App = text[..end].ToString();
        var next = end;
        if (next < text.Length && text[next] == '[')
        {
            var close = text[next..].IndexOfAny(']', ' ');
            if (close > 1 && text[next + close] == ']')
            {
                header.ProcId = text[(next + 1)..(next + close)].ToString();
                next += close + 1;
            }
        }

        if (next < text.Length && text[next] == ':')
        {
            next++;
        }

        if (next < text.Length && text[next] == ' ')
        {
            next++;
        }

        header.Message = text[next..].ToString();
    }

    private enum TimestampOutcome
    {
        Absent,
        Read,
        Invalid,
    }

    // "Mmm dd hh:mm:ss" (day space-padded or not, optional fraction, optional year before the time, as some devices
    // send) or an RFC 3339 time (rsyslog's RSYSLOG_ForwardFormat and Debian 13's /var/log/syslog).
    private static TimestampOutcome TryRead3164Timestamp(ref ReadOnlySpan<char> text, DateTimeOffset now, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (text.Length >= 4 && char.IsAsciiDigit(text[0]) && char.IsAsciiDigit(text[3]) && text.Length > 4 && text[4] == '-')
        {
            var end = text.IndexOf(' ');
            var token = end < 0 ? text : text[..end];
            if (!TryParseRfc3339(token, out timestamp))
            {
                return TimestampOutcome.Absent;
            }

            text = end < 0 ? [] : text[(end + 1)..];
            return TimestampOutcome.Read;
        }

        var month = text.Length >= 14 && text[3] == ' ' ? MonthOf(text[..3]) : 0;
        if (month == 0)
        {
            return TimestampOutcome.Absent;
        }

        var i = 4;
        if (text[i] == ' ')
        {
            i++;
        }

        if (!TryReadNumber(text, ref i, 1, 2, out var day) || i >= text.Length || text[i] != ' ')
        {
            return TimestampOutcome.Absent;
        }

        i++;
        int? year = null;
        var yearStart = i;
        if (TryReadNumber(text, ref i, 4, 4, out var explicitYear) && i < text.Length && text[i] == ' ')
        {
            year = explicitYear;
            i++;
        }
        else
        {
            i = yearStart;
        }

        if (!TryReadNumber(text, ref i, 2, 2, out var hour) || !Expect(text, ref i, ':') ||
            !TryReadNumber(text, ref i, 2, 2, out var minute) || !Expect(text, ref i, ':') ||
            !TryReadNumber(text, ref i, 2, 2, out var second))
        {
            return TimestampOutcome.Absent;
        }

        var ticks = 0L;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            if (!TryReadFraction(text, ref i, out ticks))
            {
                return TimestampOutcome.Absent;
            }
        }

        if (i < text.Length && text[i] != ' ')
        {
            return TimestampOutcome.Absent;
        }

        if (day is < 1 or > 31 || hour > 23 || minute > 59 || second > 60)
        {
            return TimestampOutcome.Invalid;
        }

        var timeOfDay = new TimeSpan(hour, minute, Math.Min(second, 59)) + TimeSpan.FromTicks(ticks);
        DateTimeOffset? resolved = year is { } y
            ? y >= 1 && day <= DateTime.DaysInMonth(y, month) ? new DateTimeOffset(y, month, day, 0, 0, 0, TimeSpan.Zero) + timeOfDay : null
            : InferYear(month, day, timeOfDay, now);
        if (resolved is null)
        {
            return TimestampOutcome.Invalid;
        }

        timestamp = resolved.Value;
        text = i < text.Length ? text[(i + 1)..] : [];
        return TimestampOutcome.Read;
    }

    private static int MonthOf(ReadOnlySpan<char> name)
    {
        for (var i = 0; i < Months.Length; i++)
        {
            if (name.Equals(Months[i], StringComparison.OrdinalIgnoreCase))
            {
                return i + 1;
            }
        }

        return 0;
    }

    private static DateTimeOffset? InferYear(int month, int day, TimeSpan timeOfDay, DateTimeOffset now)
    {
        // Candidates a year apart: the latest one not more than a day ahead of now is also the closest to now.
        // Going back up to eight years finds a leap year for "Feb 29".
        for (var year = Math.Min(now.Year + 1, 9999); year >= Math.Max(now.Year - 8, 1); year--)
        {
            if (day > DateTime.DaysInMonth(year, month))
            {
                continue;
            }

            var candidate = new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero) + timeOfDay;
            if (candidate <= now + MaxAhead)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>yyyy-MM-ddTHH:mm:ss[.fraction](Z|±HH:MM), as RFC 5424 requires (a fraction of up to 9 digits is accepted).</summary>
    private static bool TryParseRfc3339(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        var i = 0;
        if (!TryReadNumber(text, ref i, 4, 4, out var year) || !Expect(text, ref i, '-') ||
            !TryReadNumber(text, ref i, 2, 2, out var month) || !Expect(text, ref i, '-') ||
            !TryReadNumber(text, ref i, 2, 2, out var day) || !(Expect(text, ref i, 'T') || Expect(text, ref i, 't')) ||
            !TryReadNumber(text, ref i, 2, 2, out var hour) || !Expect(text, ref i, ':') ||
            !TryReadNumber(text, ref i, 2, 2, out var minute) || !Expect(text, ref i, ':') ||
            !TryReadNumber(text, ref i, 2, 2, out var second))
        {
            return false;
        }

        var ticks = 0L;
        if (Expect(text, ref i, '.') && !TryReadFraction(text, ref i, out ticks))
        {
            return false;
        }

        TimeSpan offset;
        if (Expect(text, ref i, 'Z') || Expect(text, ref i, 'z'))
        {
            offset = TimeSpan.Zero;
        }
        else if (i < text.Length && text[i] is '+' or '-')
        {
            var sign = text[i] == '-' ? -1 : 1;
            i++;
            if (!TryReadNumber(text, ref i, 2, 2, out var offsetHours) || !Expect(text, ref i, ':') ||
                !TryReadNumber(text, ref i, 2, 2, out var offsetMinutes) || offsetHours > 14 || offsetMinutes > 59)
            {
                return false;
            }

            offset = sign * new TimeSpan(offsetHours, offsetMinutes, 0);
        }
        else
        {
            return false;
        }

        if (i != text.Length || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) ||
            hour > 23 || minute > 59 || second > 60 || Math.Abs(offset.Ticks) > TimeSpan.FromHours(14).Ticks)
        {
            return false;
        }

        try
        {
            // A leap second (":60") is read as the last second of its minute.
            value = new DateTimeOffset(year, month, day, hour, minute, Math.Min(second, 59), offset).AddTicks(ticks).ToUniversalTime();
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            // Year 1 with a positive offset falls before DateTimeOffset.MinValue in UTC.
            return false;
        }
    }

    private static bool TryReadNumber(ReadOnlySpan<char> text, ref int i, int minDigits, int maxDigits, out int value)
    {
        value = 0;
        var start = i;
        while (i < text.Length && i - start < maxDigits && char.IsAsciiDigit(text[i]))
        {
            value = value * 10 + (text[i] - '0');
            i++;
        }

        if (i - start >= minDigits)
        {
            return true;
        }

        i = start;
        return false;
    }

    private static bool TryReadFraction(ReadOnlySpan<char> text, ref int i, out long ticks)
    {
        ticks = 0;
        var start = i;
        var scale = TimeSpan.TicksPerSecond;
        while (i < text.Length && char.IsAsciiDigit(text[i]) && i - start < 9)
        {
            scale /= 10;
            ticks += (text[i] - '0') * scale;
            i++;
        }

        return i > start;
    }

    private static bool Expect(ReadOnlySpan<char> text, ref int i, char expected)
    {
        if (i < text.Length && text[i] == expected)
        {
            i++;
            return true;
        }

        return false;
    }

    private static bool TryTakeField(ref ReadOnlySpan<char> text, out ReadOnlySpan<char> field)
    {
        var space = text.IndexOf(' ');
        if (space <= 0)
        {
            field = default;
            return false;
        }

        field = text[..space];
        text = text[(space + 1)..];
        return true;
    }

    private static bool IsNil(ReadOnlySpan<char> field) => field is "-";

    private static string? NilToNull(ReadOnlySpan<char> field) => IsNil(field) ? null : field.ToString();

    private static JsonObject Build(int? priority, Header header, string? senderHost, DateTimeOffset now)
    {
        var result = new JsonObject
        {
            [LogSchema.Timestamp] = TimestampParser.Format(header.Timestamp ?? now),
        };
        var syslog = new JsonObject();
        AddPriority(result, syslog, priority);
        result[LogSchema.Message] = header.Message ?? "";
        if (header.App is { } app)
        {
            result[LogSchema.Service] = app;
        }

        if ((header.Host ?? senderHost) is { } host)
        {
            result["host"] = new JsonObject { ["name"] = host };
        }

        var process = new JsonObject();
        if (header.App is not null)
        {
            process["name"] = header.App;
        }

        if (header.ProcId is { } procId)
        {
            if (long.TryParse(procId, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                process["pid"] = pid;
            }
            else
            {
                // RFC 5424 allows any PROCID ("worker-3"); process.pid is a number in the schema.
                syslog["procid"] = procId;
            }
        }

        if (process.Count > 0)
        {
            result["process"] = process;
        }

        if (header.MsgId is { } msgId)
        {
            syslog["msgid"] = msgId;
        }

        if (header.StructuredData is { Count: > 0 } data)
        {
            syslog["sd"] = data;
        }

        if (syslog.Count > 0)
        {
            result["syslog"] = syslog;
        }

        return result;
    }

    private static JsonObject Failure(ReadOnlySpan<char> raw, int? priority, string? senderHost, DateTimeOffset now, string reason)
    {
        var result = new JsonObject
        {
            [LogSchema.Timestamp] = TimestampParser.Format(now),
        };
        var syslog = new JsonObject();
        AddPriority(result, syslog, priority);
        result[LogSchema.Message] = raw.ToString();
        if (senderHost is not null)
        {
            result["host"] = new JsonObject { ["name"] = senderHost };
        }

        syslog["parse_error"] = reason;
        result["syslog"] = syslog;
        result["tags"] = new JsonArray(FailureTag);
        return result;
    }

    private static void AddPriority(JsonObject result, JsonObject syslog, int? priority)
    {
        if (priority is not { } value)
        {
            return;
        }

        var facility = SyslogPriority.Facility(value);
        var severity = SyslogPriority.Severity(value);
        result[LogSchema.Level] = SyslogPriority.LogLevel(severity);
        syslog["facility"] = facility;
        syslog["facility_name"] = SyslogPriority.FacilityName(facility);
        syslog["severity"] = severity;
        syslog["severity_name"] = SyslogPriority.SeverityName(severity);
    }

    private sealed class Header
    {
        public DateTimeOffset? Timestamp { get; set; }

        public string? Host { get; set; }

        public string? App { get; set; }

        public string? ProcId { get; set; }

        public string? MsgId { get; set; }

        public JsonObject? StructuredData { get; set; }

        public string? Message { get; set; }
    }
}
