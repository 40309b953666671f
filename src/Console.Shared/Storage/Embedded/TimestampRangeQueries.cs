using Console.Shared.Events;
using Lucene.Net.Search;
using LuceneQuery = Lucene.Net.Search.Query;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// The parser turns <c>@timestamp:[a TO b]</c> into Lucene's trie range, which the Elasticsearch translator and the
/// live tail read as such; the embedded store runs it as a <see cref="TimeRangeFilter"/> instead, which matches the same
/// documents from the segments' decoded times block by block rather than walking the trie terms' postings.
/// </summary>
internal static class TimestampRangeQueries
{
    /// <summary>The query with every <c>@timestamp</c> range, alone or in boolean clauses at any depth, run by <see cref="TimeRangeFilter"/>.</summary>
    public static LuceneQuery Replace(LuceneQuery query)
    {
        switch (query)
        {
            case NumericRangeQuery<long> range when range.Field == LogSchema.Timestamp:
                var (from, to) = BoundsOf(range);
                return new ConstantScoreQuery(new TimeRangeFilter(from, to)) { Boost = range.Boost };
            case BooleanQuery boolean:
                var replaced = new BooleanQuery(boolean.CoordDisabled)
                {
                    Boost = boolean.Boost,
                    MinimumNumberShouldMatch = boolean.MinimumNumberShouldMatch,
                };
                var changed = false;
                foreach (var clause in boolean.Clauses)
                {
                    var inner = Replace(clause.Query);
                    changed |= !ReferenceEquals(inner, clause.Query);
                    replaced.Add(inner, clause.Occur);
                }

                return changed ? replaced : boolean;
            default:
                return query;
        }
    }

    /// <summary>
    /// The time range every match of <paramref name="query"/> (as <see cref="Replace"/> returns it) lies in: the
    /// intersection of its required <c>@timestamp</c> ranges, or null when it requires none.
    /// </summary>
    public static (long From, long To)? RequiredRange(LuceneQuery query)
    {
        switch (query)
        {
            case ConstantScoreQuery { Filter: TimeRangeFilter filter }:
                return (filter.From, filter.To);
            case BooleanQuery boolean:
                (long From, long To)? range = null;
                foreach (var clause in boolean.Clauses)
                {
                    if (clause.Occur == Occur.MUST && RequiredRange(clause.Query) is { } inner)
                    {
                        range = range is { } outer ? (Math.Max(outer.From, inner.From), Math.Min(outer.To, inner.To)) : inner;
                    }
                }

                return range;
            default:
                return null;
        }
    }

    /// <summary>A trie range's bounds as an inclusive range in milliseconds; from &gt; to when it is empty.</summary>
    private static (long From, long To) BoundsOf(NumericRangeQuery<long> range)
    {
        var from = range.Min ?? long.MinValue;
        var to = range.Max ?? long.MaxValue;
        if (range.Min is not null && !range.IncludesMin)
        {
            if (from == long.MaxValue)
            {
                return (long.MaxValue, long.MinValue);
            }

            from++;
        }

        if (range.Max is not null && !range.IncludesMax)
        {
            if (to == long.MinValue)
            {
                return (long.MaxValue, long.MinValue);
            }

            to--;
        }

        return (from, to);
    }
}
