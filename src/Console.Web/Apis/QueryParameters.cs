using Console.Shared.Events;
using Console.Shared.Query;
using Console.Shared.Storage;

namespace Console.Web.Apis;

/// <summary>Reads the parameters every read route shares: index pattern, query and time range (date math, default the last 15 minutes).</summary>
internal static class QueryParameters
{
    public const string DefaultPattern = IndexNames.DefaultBase + "-*";
    public const string DefaultFrom = "now-15m";
    public const string DefaultTo = "now";

    public static bool TryRead(string? index, string? q, string? from, string? to, DateTimeOffset now, out LogQuery query, out ApiError? error)
    {
        query = null!;
        var pattern = string.IsNullOrWhiteSpace(index) ? DefaultPattern : index.Trim();
        var patternError = IndexNames.ValidatePattern(pattern);
        if (patternError is not null)
        {
            error = new ApiError(patternError);
            return false;
        }

        if (!TryReadTime(from ?? DefaultFrom, now, roundUp: false, "from", out var fromTime, out error) ||
            !TryReadTime(to ?? DefaultTo, now, roundUp: true, "to", out var toTime, out error))
        {
            return false;
        }

        if (fromTime is not null && toTime is not null && toTime < fromTime)
        {
            error = new ApiError($"to ({toTime:O}) is before from ({fromTime:O})");
            return false;
        }

        query = new LogQuery(pattern, q, fromTime, toTime);
        error = null;
        return true;
    }

    private static bool TryReadTime(string text, DateTimeOffset now, bool roundUp, string name, out DateTimeOffset? time, out ApiError? error)
    {
        time = null;
        error = null;
        if (text is "" or "*")
        {
            return true; // an open end
        }

        if (!DateMath.TryParse(text, now, roundUp, out var parsed, out var reason))
        {
            error = new ApiError($"{name}: {reason}");
            return false;
        }

        time = parsed;
        return true;
    }
}
