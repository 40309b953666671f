using System.Collections.Concurrent;
using Console.Shared.Events;

namespace Console.Ingest.Parsing;

/// <summary>
/// <see cref="LogLevels.Normalize"/> with a cache keyed by the captured characters, so the hot path neither allocates
/// the level's text nor upper-cases it; <see cref="LogLevels"/> stays the one place that knows the spellings.
/// </summary>
internal static class LevelNames
{
    // Levels come from bounded patterns (LOGLEVEL) in the built-ins, but a custom expression could capture anything.
    private const int MaxCached = 512;

    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> BySpan =
        Cache.GetAlternateLookup<ReadOnlySpan<char>>();

    public static string Normalize(ReadOnlySpan<char> level)
    {
        if (BySpan.TryGetValue(level, out var known))
        {
            return known;
        }

        var text = level.ToString();
        var normalized = LogLevels.Normalize(text);
        if (Cache.Count < MaxCached)
        {
            Cache.TryAdd(text, normalized);
        }

        return normalized;
    }

    /// <summary>The level of an HTTP response: 5xx ERROR, 4xx WARNING, anything else INFO.</summary>
    public static string FromStatus(long status) => status switch
    {
        >= 500 => LogLevels.Error,
        >= 400 => LogLevels.Warning,
        _ => LogLevels.Info,
    };
}
