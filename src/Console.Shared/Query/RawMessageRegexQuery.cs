using System.Linq.Expressions;
using System.Reflection;
using Console.Shared.Query.Limits;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Lucene.Net.Util.Automaton;

namespace Console.Shared.Query;

/// <summary>
/// A regular expression over the whole raw message (<see cref="IndexLayout.RawMessage"/>, one term per distinct message),
/// as Lucene's <see cref="RegexpQuery"/> runs it with two differences that matter for that field:
/// <list type="bullet">
/// <item><description>the term walk checks the running search's cancellation every few hundred terms, rejected ones
/// included, where Lucene walks a segment's whole dictionary in one call (see <see cref="CancellableTermsEnum"/>);</description></item>
/// <item><description>the documents it matches in a segment are found once and kept while the segment lives, shared by
/// every search of the same pattern (see <see cref="RegexMatchCache"/>), so the passes one page of hits takes (the cost
/// estimate, the time windows, the exact total) and the searches that repeat it walk the terms once.</description></item>
/// </list>
/// Its automaton is the one <see cref="RegexAutomatonBudget"/> built within the state limit, compiled once per pattern and
/// shared by the searches that repeat it (see <see cref="CompiledRegexCache"/>): Lucene's RegexpQuery built it a second time,
/// unbounded, on every search.
/// </summary>
public sealed class RawMessageRegexQuery : MultiTermQuery
{
    private readonly CompiledAutomaton _compiled;

    /// <param name="pattern">The Lucene regular expression, already anchored (see <see cref="SchemaQueryParser.AnchorLikeGrep"/>).</param>
    /// <param name="compiled">Its automaton, compiled.</param>
    internal RawMessageRegexQuery(string pattern, CompiledAutomaton compiled)
        : base(IndexLayout.RawMessage)
    {
        Pattern = pattern;
        _compiled = compiled;
        MultiTermRewriteMethod = OnceASegment.Instance;
    }

    /// <summary>The Lucene regular expression over the whole raw message, anchored at both ends.</summary>
    public string Pattern { get; }

    /// <summary>The documents the expression matches, per segment, found on first use and kept (unfiltered by deletions, which are applied per search).</summary>
    private Filter Matches => RegexMatchCache.GetOrAdd(Pattern, () => new MeasuredCachingFilter(new MatchingDocuments(this)));

    protected override TermsEnum GetTermsEnum(Terms terms, AttributeSource atts)
    {
        // The same enumerations as CompiledAutomaton.GetTermsEnum, each over a walk that checks the cancellation. A general
        // automaton is run by AutomatonTermsEnum (Lucene's own, seeking past the terms it cannot match) instead of the
        // codec's Intersect, whose walk between two matching terms cannot be interrupted.
        var compiled = _compiled;
        return compiled.Type switch
        {
            CompiledAutomaton.AUTOMATON_TYPE.NONE => TermsEnum.EMPTY,
            CompiledAutomaton.AUTOMATON_TYPE.ALL => new CancellableTermsEnum(terms.GetEnumerator()),
            CompiledAutomaton.AUTOMATON_TYPE.SINGLE => new SingleTermsEnum(new CancellableTermsEnum(terms.GetEnumerator()), compiled.Term),
            CompiledAutomaton.AUTOMATON_TYPE.PREFIX => new PrefixTermsEnum(new CancellableTermsEnum(terms.GetEnumerator()), compiled.Term),
            _ => NewAutomatonTermsEnum(new CancellableTermsEnum(terms.GetEnumerator()), compiled),
        };
    }

    /// <summary>As Lucene's RegexpQuery shows itself: <c>/pattern/</c> on its own field.</summary>
    public override string ToString(string field) =>
        (field == Field ? string.Empty : Field + ":") + "/" + Pattern + "/" + ToStringUtils.Boost(Boost);

    public override bool Equals(object? obj) => obj is RawMessageRegexQuery other && base.Equals(obj) && other.Pattern == Pattern;

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Pattern);

    /// <summary>Lucene's AutomatonTermsEnum, internal in Lucene.Net as in Lucene 4.8 (package-private there), made through its constructor.</summary>
    private static readonly Func<TermsEnum, CompiledAutomaton, TermsEnum> NewAutomatonTermsEnum = AutomatonTermsEnumConstructor();

    private static Func<TermsEnum, CompiledAutomaton, TermsEnum> AutomatonTermsEnumConstructor()
    {
        var type = typeof(TermsEnum).Assembly.GetType("Lucene.Net.Index.AutomatonTermsEnum", throwOnError: true)!;
        var constructor = type.GetConstructor(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, [typeof(TermsEnum), typeof(CompiledAutomaton)])
            ?? throw new MissingMethodException(type.FullName, ".ctor(TermsEnum, CompiledAutomaton)");
        var input = Expression.Parameter(typeof(TermsEnum));
        var automaton = Expression.Parameter(typeof(CompiledAutomaton));
        return Expression.Lambda<Func<TermsEnum, CompiledAutomaton, TermsEnum>>(Expression.New(constructor, input, automaton), input, automaton).Compile();
    }

    /// <summary>Lucene's filter of the documents of every term the query's enumeration yields (its constructor is protected).</summary>
    private sealed class MatchingDocuments(RawMessageRegexQuery query) : MultiTermQueryWrapperFilter<RawMessageRegexQuery>(query);

    /// <summary>A constant score over <see cref="Matches"/>: every rewrite of the query shares the documents found.</summary>
    private sealed class OnceASegment : MultiTermQuery.RewriteMethod
    {
        public static readonly OnceASegment Instance = new();

        public override Lucene.Net.Search.Query Rewrite(IndexReader reader, MultiTermQuery query) =>
            new ConstantScoreQuery(((RawMessageRegexQuery)query).Matches) { Boost = query.Boost };
    }
}
