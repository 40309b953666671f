using System.Globalization;
using Console.Shared.Storage;

namespace Console.Web.Alerts.Editing;

/// <summary>Durations as the rule editor shows and reads them: <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c>, <c>0</c> (or <c>hh:mm:ss</c>).</summary>
public static class DurationText
{
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        var ms = (long)duration.TotalMilliseconds;
        return ms % 86_400_000 == 0 ? Unit(ms / 86_400_000, "d")
            : ms % 3_600_000 == 0 ? Unit(ms / 3_600_000, "h")
            : ms % 60_000 == 0 ? Unit(ms / 60_000, "m")
            : ms % 1000 == 0 ? Unit(ms / 1000, "s")
            : Unit(ms, "ms");
    }

    /// <summary>Reads <paramref name="text"/>; false with the reason when it is not a duration.</summary>
    public static bool TryParse(string? text, out TimeSpan duration, out string error)
    {
        duration = TimeSpan.Zero;
        error = "";
        var trimmed = text?.Trim() ?? "";
        if (trimmed is "0" or "0s")
        {
            return true;
        }

        if (trimmed.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero)
        {
            return true;
        }

        if (trimmed.Length > 0 && trimmed != "auto" && HistogramIntervals.TryParse(trimmed, out var parsed, out _) && parsed is { } value)
        {
            duration = value;
            return true;
        }

        error = $"'{trimmed}' is not a duration; write it as 30s, 5m, 1h or 1d";
        return false;
    }

    private static string Unit(long amount, string unit) => amount.ToString(CultureInfo.InvariantCulture) + unit;
}
