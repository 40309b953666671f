using System.Collections.Concurrent;
using Lucene.Net.Util.Automaton;

namespace Console.Shared.Query.Limits;

/// <summary>
/// The compiled automata of the regular expressions on <c>message</c> searched lately, and the ones refused as too
/// complex. Building one is most of the cost of such a search (a few milliseconds for <c>/Internal Server Error.*/</c>,
/// the state limit's worth for a refused one), and the same pattern comes back at once: Discover's hits, histogram and
/// field values, the next page, a refresh, an alert rule or a dashboard panel. A compiled automaton is immutable, so
/// concurrent searches share it.
/// </summary>
internal static class CompiledRegexCache
{
    /// <summary>Patterns kept; past it the cache starts again empty (patterns are short, an entry is a few KB).</summary>
    internal const int Capacity = 512;

    private static readonly ConcurrentDictionary<(string Pattern, int MaxStates), CompiledAutomaton?> Entries = new();

    /// <summary>The compiled automaton of <paramref name="pattern"/>, or null when it needs more than <paramref name="maxStates"/> states.</summary>
    /// <exception cref="ArgumentException">The pattern is not a valid Lucene regular expression (not cached: it fails fast).</exception>
    public static CompiledAutomaton? GetOrCompile(string pattern, int maxStates)
    {
        var key = (pattern, maxStates);
        if (Entries.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var compiled = RegexAutomatonBudget.TryBuild(pattern, maxStates, out var automaton) ? new CompiledAutomaton(automaton) : null;
        if (Entries.Count >= Capacity)
        {
            Entries.Clear();
        }

        Entries[key] = compiled;
        return compiled;
    }
}
