using Console.Shared.Events;

namespace Console.Ingest.Parsing;

/// <summary>
/// Reads the times our services write, straight from the captured characters: the general-purpose
/// <see cref="TimestampParser"/> tries many formats in turn, which costs more than a regex match on the hot path.
/// A time without a zone is UTC (every server of the platform logs in UTC).
/// </summary>
internal static class LogTimestamps
{
    /// <summary><c>2026-11-23 23:14:44,037</c>, <c>2026/11/23 23:14:45</c>, <c>2026-11-23T23:14:42.742Z</c>, <c>... +0000</c>, <c>... UTC</c>.</summary>
    public static bool TryParseIso(ReadOnlySpan<char> s, out DateTimeOffset value)
    {
        value = default;
        if (s.Length < 19 || !Digits(s, 0, 4, out var year) || s[4] is not ('-' or '/') || !Digits(s, 5, 2, out var month) ||
            s[7] != s[4] || !Digits(s, 8, 2, out var day) || s[10] is not (' ' or 'T'))
        {
            return false;
        }

        var pos = 11;
        return TryTime(s, ref pos, out var time) && TryZone(s[pos..], out var offset) && TryBuild(year, month, day, time, offset, out value);
    }

    /// <summary>nginx and Apache's <c>$time_local</c>: <c>23/Nov/2026:23:14:45 +0000</c>.</summary>
    public static bool TryParseHttpDate(ReadOnlySpan<char> s, out DateTimeOffset value)
    {
        value = default;
        var pos = 0;
        if (!TryDay(s, ref pos, out var day) || !Expect(s, ref pos, '/') || !TryMonth(s, ref pos, out var month) ||
            !Expect(s, ref pos, '/') || !Digits(s, pos, 4, out var year))
        {
            return false;
        }

        pos += 4;
        return Expect(s, ref pos, ':') && TryTime(s, ref pos, out var time) && TryZone(s[pos..], out var offset) &&
               TryBuild(year, month, day, time, offset, out value);
    }

    /// <summary>Redis: <c>23 Nov 2026 23:14:42.907</c>.</summary>
    public static bool TryParseDayMonthYear(ReadOnlySpan<char> s, out DateTimeOffset value)
    {
        value = default;
        var pos = 0;
        if (!TryDay(s, ref pos, out var day) || !Expect(s, ref pos, ' ') || !TryMonth(s, ref pos, out var month) ||
            !Expect(s, ref pos, ' ') || !Digits(s, pos, 4, out var year))
        {
            return false;
        }

        pos += 4;
        return Expect(s, ref pos, ' ') && TryTime(s, ref pos, out var time) && TryZone(s[pos..], out var offset) &&
               TryBuild(year, month, day, time, offset, out value);
    }

    /// <summary>Syslog's <c>Nov 23 23:14:41</c> (or <c>Nov  3</c>): no year, so the year is inferred from <paramref name="now"/>.</summary>
    public static bool TryParseSyslog(ReadOnlySpan<char> s, DateTimeOffset now, out DateTimeOffset value)
    {
        value = default;
        var pos = 0;
        if (!TryMonth(s, ref pos, out var month) || !Expect(s, ref pos, ' '))
        {
            return false;
        }

        while (pos < s.Length && s[pos] == ' ')
        {
            pos++;
        }

        return TryDay(s, ref pos, out var day) && Expect(s, ref pos, ' ') && TryTime(s, ref pos, out var time) &&
               TryZone(s[pos..], out var offset) && TryInferYear(month, day, time, offset, now, out value);
    }

    /// <summary>Redis before 3.0: <c>14 Nov 07:01:22.119</c>, no year either.</summary>
    public static bool TryParseDayMonth(ReadOnlySpan<char> s, DateTimeOffset now, out DateTimeOffset value)
    {
        value = default;
        var pos = 0;
        return TryDay(s, ref pos, out var day) && Expect(s, ref pos, ' ') && TryMonth(s, ref pos, out var month) &&
               Expect(s, ref pos, ' ') && TryTime(s, ref pos, out var time) && TryZone(s[pos..], out var offset) &&
               TryInferYear(month, day, time, offset, now, out value);
    }

    /// <summary>Any of the above, then whatever <see cref="TimestampParser"/> reads (epoch numbers, RFC 3339 ...).</summary>
    public static bool TryParseAny(string text, DateTimeOffset now, out DateTimeOffset value) =>
        TryParseIso(text, out value) || TryParseHttpDate(text, out value) || TryParseDayMonthYear(text, out value) ||
        TryParseSyslog(text, now, out value) || TryParseDayMonth(text, now, out value) || TimestampParser.TryParse(text, out value);

    /// <summary>
    /// Picks the year that puts a year-less date closest to <paramref name="now"/> without being more than a day after it
    /// (a day of slack for clocks and zones), so December lines read in January land in the old year.
    /// </summary>
    public static bool TryInferYear(int month, int day, long timeOfDayTicks, TimeSpan offset, DateTimeOffset now, out DateTimeOffset value)
    {
        value = default;
        var latest = now.AddDays(1);
        var thisYear = now.UtcDateTime.Year;
        // Looking back a few years only matters for 29 February.
        for (var year = Math.Min(thisYear + 1, 9999); year >= Math.Max(thisYear - 8, 1); year--)
        {
            if (TryBuild(year, month, day, timeOfDayTicks, offset, out var candidate) && candidate <= latest)
            {
                value = candidate;
                return true;
            }
        }

        return false;
    }

    private static bool TryBuild(int year, int month, int day, long timeOfDayTicks, TimeSpan offset, out DateTimeOffset value)
    {
        value = default;
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        var local = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified).Ticks + timeOfDayTicks;
        var utc = local - offset.Ticks;
        if (utc < DateTime.MinValue.Ticks || utc > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        value = new DateTimeOffset(utc, TimeSpan.Zero);
        return true;
    }

    /// <summary><c>HH:mm:ss</c> with an optional fraction after <c>.</c> or <c>,</c>, as ticks since midnight (a leap second 60 included).</summary>
    private static bool TryTime(ReadOnlySpan<char> s, ref int pos, out long ticks)
    {
        ticks = 0;
        if (!Digits(s, pos, 2, out var hour) || s.Length < pos + 8 || s[pos + 2] != ':' || !Digits(s, pos + 3, 2, out var minute) ||
            s[pos + 5] != ':' || !Digits(s, pos + 6, 2, out var second) || hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        pos += 8;
        ticks = ((hour * 60L + minute) * 60L + second) * TimeSpan.TicksPerSecond;
        if (pos < s.Length && s[pos] is '.' or ',' && pos + 1 < s.Length && char.IsAsciiDigit(s[pos + 1]))
        {
            pos++;
            long scale = TimeSpan.TicksPerSecond;
            while (pos < s.Length && char.IsAsciiDigit(s[pos]))
            {
                scale /= 10;
                ticks += (s[pos] - '0') * scale;
                pos++;
            }
        }

        return true;
    }

    /// <summary>Nothing (UTC), <c>Z</c>, <c>UTC</c>/<c>GMT</c>, or a numeric offset <c>+0000</c> / <c>+00:00</c>, with or without a space before.</summary>
    private static bool TryZone(ReadOnlySpan<char> s, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        s = s.Trim();
        if (s.IsEmpty || s is "Z" or "z" or "UTC" or "GMT" or "UT")
        {
            return true;
        }

        if (s[0] is not ('+' or '-') || !Digits(s, 1, 2, out var hours))
        {
            return false;
        }

        var minutes = 0;
        var rest = s[3..];
        if (rest.Length > 0 && rest[0] == ':')
        {
            rest = rest[1..];
        }

        if (rest.Length > 0 && (rest.Length != 2 || !Digits(rest, 0, 2, out minutes)))
        {
            return false;
        }

        if (hours > 14 || minutes > 59)
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0);
        if (s[0] == '-')
        {
            offset = -offset;
        }

        return true;
    }

    private static bool TryDay(ReadOnlySpan<char> s, ref int pos, out int day)
    {
        day = 0;
        var start = pos;
        while (pos < s.Length && pos - start < 2 && char.IsAsciiDigit(s[pos]))
        {
            day = day * 10 + (s[pos] - '0');
            pos++;
        }

        return pos > start;
    }

    /// <summary>An English month name or its three-letter abbreviation, any case.</summary>
    private static bool TryMonth(ReadOnlySpan<char> s, ref int pos, out int month)
    {
        month = 0;
        if (s.Length < pos + 3)
        {
            return false;
        }

        var a = char.ToLowerInvariant(s[pos]);
        var b = char.ToLowerInvariant(s[pos + 1]);
        var c = char.ToLowerInvariant(s[pos + 2]);
        month = (a, b, c) switch
        {
            ('j', 'a', 'n') => 1,
            ('f', 'e', 'b') => 2,
            ('m', 'a', 'r') => 3,
            ('a', 'p', 'r') => 4,
            ('m', 'a', 'y') => 5,
            ('j', 'u', 'n') => 6,
            ('j', 'u', 'l') => 7,
            ('a', 'u', 'g') => 8,
            ('s', 'e', 'p') => 9,
            ('o', 'c', 't') => 10,
            ('n', 'o', 'v') => 11,
            ('d', 'e', 'c') => 12,
            _ => 0,
        };
        pos += 3;
        while (pos < s.Length && char.IsAsciiLetter(s[pos]))
        {
            pos++;
        }

        return month > 0;
    }

    private static bool Expect(ReadOnlySpan<char> s, ref int pos, char c)
    {
        if (pos < s.Length && s[pos] == c)
        {
            pos++;
            return true;
        }

        return false;
    }

    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        if (start < 0 || s.Length < start + count)
        {
            return false;
        }

        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                return false;
            }

            value = value * 10 + (s[i] - '0');
        }

        return true;
    }
}
