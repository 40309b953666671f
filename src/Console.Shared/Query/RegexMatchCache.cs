using System.Collections.Concurrent;
using Lucene.Net.Search;

namespace Console.Shared.Query;

/// <summary>
/// The documents a raw-message regex matched, per segment, kept across searches: what Elasticsearch's node query cache and
/// Lucene-Java's default <c>LRUQueryCache</c> do for costly multi-term queries in filter context. A regex walks every
/// distinct message of a segment, while Discover repeats the same pattern for its hits, histogram and field values, on
/// every refresh and page, and an alert rule every minute. Segments never change, so a segment's matches stay right for its
/// whole life; deletions are applied per search (<see cref="CachingWrapperFilter"/> keeps the sets without them), and a
/// segment merged away takes its entries with it (the filter holds them weakly by the segment's core).
/// </summary>
internal static class RegexMatchCache
{
    /// <summary>Patterns kept; past it the cache starts again empty.</summary>
    internal const int Capacity = 64;

    /// <summary>Bytes of kept match sets (Lucene-Java's default: 32 MiB); past it the cache starts again empty.</summary>
    internal const long MaxBytes = 32L * 1024 * 1024;

    private static readonly ConcurrentDictionary<string, MeasuredCachingFilter> Entries = new(StringComparer.Ordinal);

    /// <summary>The shared per-segment matches of <paramref name="pattern"/>, made with <paramref name="create"/> the first time.</summary>
    public static MeasuredCachingFilter GetOrAdd(string pattern, Func<MeasuredCachingFilter> create)
    {
        if (Entries.TryGetValue(pattern, out var cached))
        {
            return cached;
        }

        if (Entries.Count >= Capacity || Entries.Values.Sum(filter => filter.Bytes) > MaxBytes)
        {
            Entries.Clear();
        }

        return Entries.GetOrAdd(pattern, _ => create());
    }

    /// <summary>Forgets every pattern (tests).</summary>
    internal static void Clear() => Entries.Clear();

    internal static int Count => Entries.Count;
}
