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

        if (DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var exact) ||
            DateTime.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out exact))
        {
            timestamp = Truncate(new DateTimeOffset(exact, TimeSpan.Zero));
            return true;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var epoch) && TryFromEpoch(epoch, out timestamp);
    }

    /// <summary>The ISO form we store: UTC with milliseconds, like Elasticsearch's strict_date_optional_time.</summary>
    public static string Format(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A number of seconds or milliseconds since the epoch (see <see cref="TryParse(JsonNode?, out DateTimeOffset)"/>).</summary>
    internal static bool TryFromEpoch(double number, out DateTimeOffset timestamp)
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
