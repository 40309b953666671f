using System.Globalization;

namespace Console.Shared.Storage;

/// <summary>Histogram intervals: parsing <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c>, and choosing a readable one for a range.</summary>
public static class HistogramIntervals
{
    public const int TargetBuckets = 60;
    public const int MaxBuckets = 2000;

    private static readonly TimeSpan[] Readable =
    [
        TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30),
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(1), TimeSpan.FromHours(3), TimeSpan.FromHours(12), TimeSpan.FromDays(1), TimeSpan.FromDays(7),
        TimeSpan.FromDays(30),
    ];

    /// <summary>The smallest readable interval that splits the range into at most <see cref="TargetBuckets"/> buckets.</summary>
    public static TimeSpan Auto(DateTimeOffset from, DateTimeOffset to)
    {
        var span = to - from;
        foreach (var candidate in Readable)
        {
            if (span.Ticks / candidate.Ticks <= TargetBuckets)
            {
                return candidate;
            }
        }

        return Readable[^1];
    }

    /// <summary>Parses <c>auto</c> (null) or an amount with a unit s, m, h, d or w; returns the reason when it cannot.</summary>
    public static bool TryParse(string? text, out TimeSpan? interval, out string error)
    {
        interval = null;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(text) || text == "auto")
        {
            return true;
        }

        var unitAt = 0;
        while (unitAt < text.Length && char.IsAsciiDigit(text[unitAt]))
        {
            unitAt++;
        }

        if (unitAt == 0 || !int.TryParse(text.AsSpan(0, unitAt), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
        {
            error = $"interval '{text}' must be 'auto' or a positive amount with a unit, such as 30s, 5m, 1h, 1d";
            return false;
        }

        TimeSpan? parsed = text[unitAt..] switch
        {
            "ms" => TimeSpan.FromMilliseconds(amount),
            "s" => TimeSpan.FromSeconds(amount),
            "m" => TimeSpan.FromMinutes(amount),
            "h" => TimeSpan.FromHours(amount),
            "d" => TimeSpan.FromDays(amount),
            "w" => TimeSpan.FromDays(7 * amount),
            _ => null,
        };
        if (parsed is null)
        {
            error = $"interval '{text}' has an unknown unit: use ms, s, m, h, d or w";
            return false;
        }

        interval = parsed;
        return true;
    }
}
