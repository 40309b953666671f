using Console.Shared.Query;
using Lucene.Net.Search;

namespace Console.Shared.Tests.Query;

/// <summary>The kept regex matches are bounded: a stream of distinct patterns (a user typing, a script) cannot grow them.</summary>
public sealed class RegexMatchCacheTests
{
    [Fact]
    public void Distinct_patterns_past_the_capacity_do_not_grow_the_cache()
    {
        var created = 0;
        for (var i = 0; i < RegexMatchCache.Capacity * 3; i++)
        {
            RegexMatchCache.GetOrAdd($"bounded-{Guid.NewGuid():N}", () =>
            {
                created++;
                return new MeasuredCachingFilter(new QueryWrapperFilter(new MatchAllDocsQuery()));
            });
            Assert.InRange(RegexMatchCache.Count, 0, RegexMatchCache.Capacity + Environment.ProcessorCount);
        }

        Assert.Equal(RegexMatchCache.Capacity * 3, created);
    }

    [Fact]
    public void A_pattern_seen_before_gets_the_same_kept_matches()
    {
        var pattern = $"kept-{Guid.NewGuid():N}";
        var first = RegexMatchCache.GetOrAdd(pattern, () => new MeasuredCachingFilter(new QueryWrapperFilter(new MatchAllDocsQuery())));
        var again = RegexMatchCache.GetOrAdd(pattern, () => throw new InvalidOperationException("made twice"));
        Assert.Same(first, again);
    }
}
