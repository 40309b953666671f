using System.Globalization;
using Console.Shared.Events;

namespace Console.Shared.Query;

/// <summary>
/// Elasticsearch date math: <c>now</c>, <c>now-15m</c>, <c>now/d</c>, <c>now-1d/d+2h</c>, ISO dates,
/// <c>2026-11-23||+1d</c> and epoch milliseconds. Units: y M w d h H m s ms.
/// </summary>
public static class DateMath
{
    /// <summary>
    /// Resolves <paramref name="expression"/> against <paramref name="now"/>. With <paramref name="roundUp"/> a rounding
    /// goes to the last millisecond of the unit, as Elasticsearch does for inclusive upper bounds (<c>lte: now/d</c>).
    /// </summary>
    public static DateTimeOffset Parse(string expression, DateTimeOffset now, bool roundUp = false)
    {
        if (!TryParse(expression, now, roundUp, out var result, out var error))
        {
            throw new FormatException(error);
        }

        return result;
    }

    public static bool TryParse(string expression, DateTimeOffset now, bool roundUp, out DateTimeOffset result, out string error)
    {
        result = default;
        error = string.Empty;
        var text = expression.Trim();
        if (text.Length == 0)
        {
            error = "empty date";
            return false;
        }

        DateTimeOffset anchor;
        string math;
        var wholeDayAnchor = false;
        if (text.StartsWith("now", StringComparison.Ordinal))
        {
            anchor = now.ToUniversalTime();
            math = text[3..];
        }
        else
        {
            var separator = text.IndexOf("||", StringComparison.Ordinal);
            var datePart = separator >= 0 ? text[..separator] : text;
            math = separator >= 0 ? text[(separator + 2)..] : string.Empty;
            if (!TryParseAnchor(datePart, out anchor))
            {
                error = $"'{datePart}' is not a date: use ISO 8601 (2026-11-23T10:00:00Z), epoch milliseconds, or now with date math (now-15m, now/d)";
                return false;
            }

            // A bare day such as 2026-11-23 used as an inclusive upper bound covers the whole day.
            wholeDayAnchor = datePart.Length == 10 && math.Length == 0;
        }

        if (!TryApplyMath(anchor, math, roundUp, out result, out error))
        {
            return false;
        }

        if (wholeDayAnchor && roundUp)
        {
            result = result.AddDays(1).AddMilliseconds(-1);
        }

        return true;
    }

    private static bool TryParseAnchor(string text, out DateTimeOffset anchor)
    {
        anchor = default;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var millis) && text.Length > 8)
        {
            anchor = DateTimeOffset.FromUnixTimeMilliseconds(millis);
            return true;
        }

        return TimestampParser.TryParse(text, out anchor);
    }

    private static bool TryApplyMath(DateTimeOffset anchor, string math, bool roundUp, out DateTimeOffset result, out string error)
    {
        result = anchor;
        error = string.Empty;
        var i = 0;
        while (i < math.Length)
        {
            var op = math[i++];
            if (op is not ('+' or '-' or '/'))
            {
                error = $"unexpected '{op}' in date math '{math}': expected +, - or /";
                return false;
            }

            var numberStart = i;
            while (i < math.Length && char.IsAsciiDigit(math[i]))
            {
                i++;
            }

            var amount = 1;
            if (op == '/')
            {
                if (i > numberStart)
                {
                    error = $"rounding takes no number in '{math}' (write now/d)";
                    return false;
                }
            }
            else if (i == numberStart || !int.TryParse(math.AsSpan(numberStart, i - numberStart), NumberStyles.None, CultureInfo.InvariantCulture, out amount))
            {
                error = $"expected a number after '{op}' in date math '{math}'";
                return false;
            }

            var unitStart = i;
            while (i < math.Length && char.IsAsciiLetter(math[i]))
            {
                i++;
            }

            var unit = math[unitStart..i];
            if (op == '/')
            {
                if (!TryRound(result, unit, roundUp, out result))
                {
                    error = $"unknown date unit '{unit}': use y, M, w, d, h, m or s";
                    return false;
                }

                continue;
            }

            var signed = op == '-' ? -amount : amount;
            DateTimeOffset? moved = unit switch
            {
                "y" => result.AddYears(signed),
                "M" => result.AddMonths(signed),
                "w" => result.AddDays(7.0 * signed),
                "d" => result.AddDays(signed),
                "h" or "H" => result.AddHours(signed),
                "m" => result.AddMinutes(signed),
                "s" => result.AddSeconds(signed),
                "ms" => result.AddMilliseconds(signed),
                _ => null,
            };
            if (moved is null)
            {
                error = $"unknown date unit '{unit}': use y, M, w, d, h, m, s or ms";
                return false;
            }

            result = moved.Value;
        }

        return true;
    }

    private static bool TryRound(DateTimeOffset value, string unit, bool roundUp, out DateTimeOffset rounded)
    {
        var utc = value.UtcDateTime;
        DateTime? start = unit switch
        {
            "y" => new DateTime(utc.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            "M" => new DateTime(utc.Year, utc.Month, 1, 0, 0, 0, DateTimeKind.Utc),
            "w" => utc.Date.AddDays(-(((int)utc.DayOfWeek + 6) % 7)), // ISO weeks start on Monday
            "d" => utc.Date,
            "h" or "H" => new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, DateTimeKind.Utc),
            "m" => new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, DateTimeKind.Utc),
            "s" => new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, utc.Second, DateTimeKind.Utc),
            _ => null,
        };
        if (start is null)
        {
            rounded = value;
            return false;
        }

        var begin = new DateTimeOffset(DateTime.SpecifyKind(start.Value, DateTimeKind.Utc));
        if (!roundUp)
        {
            rounded = begin;
            return true;
        }

        var next = unit switch
        {
            "y" => begin.AddYears(1),
            "M" => begin.AddMonths(1),
            "w" => begin.AddDays(7),
            "d" => begin.AddDays(1),
            "h" or "H" => begin.AddHours(1),
            "m" => begin.AddMinutes(1),
            _ => begin.AddSeconds(1),
        };
        rounded = next.AddMilliseconds(-1);
        return true;
    }
}
