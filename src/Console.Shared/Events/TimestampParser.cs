using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Console.Shared.Events;

/// <summary>Reads event times written by the sources we ingest; a time without an offset is taken as UTC.</summary>
public static class TimestampParser
{
    private static readonly string[] LocalFormats =
    [
        "yyyy-MM-dd HH:mm:ss,fff", // Python logging asctime
        "yyyy-MM-dd HH:mm:ss.fff",
        "yyyy-MM-dd HH:mm:ss.ffffff",
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-ddTHH:mm:ss",
        "yyyy-MM-dd",
    ];

    public static bool TryParse(JsonNode? node, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (node is not JsonValue value)
        {
            return false;
        }

        if (value.GetValueKind() == JsonValueKind.Number && JsonNumbers.TryRead(value, out var number, out _))
        {
            return TryFromEpoch(number, out timestamp);
        }

        return value.TryGetValue(out string? text) && TryParse(text, out timestamp);
    }

    public static bool TryParse(string? text, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (HasExplicitOffset(text) &&
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
        {
            timestamp = Truncate(withOffset.ToUniversalTime());
            return true;
        }

        if (TryParseLocalDigits(text, out var exact) ||
            DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out exact) ||
            DateTime.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out exact))
        {
            timestamp = Truncate(new DateTimeOffset(exact, TimeSpan.Zero));
            return true;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var epoch) && TryFromEpoch(epoch, out timestamp);
    }

    /// <summary>
    /// The <see cref="LocalFormats"/> written with ASCII digits in every place, read by position: what
    /// <see cref="DateTime.TryParseExact(string, string[], IFormatProvider, DateTimeStyles, out DateTime)"/> reads from the
    /// same text, without its culture-aware matching of the format's literals (~3 % of the console's CPU samples end to
    /// end). Anything else, an impossible date included, is left to the general parsers, so what is read is unchanged.
    /// </summary>
    internal static bool TryParseLocalDigits(string text, out DateTime value)
    {
        value = default;
        var length = text.Length;
        if (length is not (10 or 19 or 23 or 26) || text[4] != '-' || text[7] != '-')
        {
            return false;
        }

        if (!TryDigits(text, 0, 4, out var year) || !TryDigits(text, 5, 2, out var month) || !TryDigits(text, 8, 2, out var day) ||
            year == 0 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        if (length == 10)
        {
            value = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc);
            return true;
        }

        // "yyyy-MM-ddTHH:mm:ss" is a format of its own only without a fraction.
        var separator = text[10];
        if (!(separator == ' ' || (separator == 'T' && length == 19)) || text[13] != ':' || text[16] != ':' ||
            !TryDigits(text, 11, 2, out var hour) || !TryDigits(text, 14, 2, out var minute) || !TryDigits(text, 17, 2, out var second) ||
            hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        long fractionTicks = 0;
        if (length > 19)
        {
            // ",fff" and ".fff" (Python's asctime and its dotted form), ".ffffff" (microseconds).
            var mark = text[19];
            if (!(mark == '.' || (mark == ',' && length == 23)) || !TryDigits(text, 20, length - 20, out var fraction))
            {
                return false;
            }

            fractionTicks = length == 23 ? fraction * TimeSpan.TicksPerMillisecond : fraction * (TimeSpan.TicksPerMillisecond / 1000);
        }

        value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(fractionTicks);
        return true;
    }

    private static bool TryDigits(string text, int start, int count, out int number)
    {
        number = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = text[i] - '0';
            if ((uint)digit > 9)
            {
                return false;
            }

            number = (number * 10) + digit;
        }

        return true;
    }

    /// <summary>The ISO form we store: UTC with milliseconds, like Elasticsearch's strict_date_optional_time.</summary>
    public static string Format(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static bool TryFromEpoch(double number, out DateTimeOffset timestamp)
    {
        timestamp = default;
        // Seconds until the year 5138, milliseconds after: the same heuristic Logstash's date filter uses for UNIX vs UNIX_MS.
        var millis = Math.Abs(number) < 1e11 ? number * 1000 : number;
        if (double.IsNaN(millis) || millis < -62135596800000 || millis > 253402300799999)
        {
            return false;
        }

        timestamp = DateTimeOffset.FromUnixTimeMilliseconds((long)millis);
        return true;
    }

    private static bool HasExplicitOffset(string text)
    {
        if (text.EndsWith('Z') || text.EndsWith('z'))
        {
            return true;
        }

        // Span searches: string.IndexOfAny(['T', ' ']) built two char arrays for every event.
        var timeStart = text.AsSpan().IndexOfAny('T', ' ');
        if (timeStart < 0)
        {
            return false;
        }

        var sign = text.AsSpan().LastIndexOfAny('+', '-');
        return sign > timeStart;
    }

    private static DateTimeOffset Truncate(DateTimeOffset value) =>
        DateTimeOffset.FromUnixTimeMilliseconds(value.ToUnixTimeMilliseconds());
}
