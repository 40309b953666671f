using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Console.Shared.Events;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Search;
using Lucene.Net.Util.Automaton;

namespace Console.Shared.Query;

/// <summary>
/// Decides whether one event matches a parsed query without an index: for the ingest pipeline's drop filters (and
/// anything else that watches a stream of events). Follows the same rules as the stores: keywords compare lower-cased
/// whole values, text fields compare analysed words, numbers and dates compare as numbers.
/// </summary>
public sealed class EventMatcher : IDisposable
{
    private readonly Analyzer _analyzer = LogQueryParser.CreateTextAnalyzer();
    private readonly Dictionary<Lucene.Net.Search.Query, CharacterRunAutomaton> _automata = new(ReferenceEqualityComparer.Instance);
    private readonly Lock _lock = new();

    public bool Matches(Lucene.Net.Search.Query query, LogEvent logEvent)
    {
        var fields = new List<KeyValuePair<string, JsonValue>>();
        EventFlattener.Flatten(logEvent.Source, fields);
        return Matches(query, new EventView(logEvent, fields.ToLookup(f => f.Key, f => f.Value, StringComparer.Ordinal)));
    }

    public void Dispose() => _analyzer.Dispose();

    private bool Matches(Lucene.Net.Search.Query query, EventView view)
    {
        switch (query)
        {
            case MatchAllDocsQuery:
                return true;
            case BooleanQuery boolean:
                return MatchesBoolean(boolean, view);
            case TermQuery term when term.Term.Field == LogSchema.FieldNamesField:
                return term.Term.Text == LogSchema.Timestamp || view.Fields.Contains(term.Term.Text);
            case TermQuery term:
                return Values(view, term.Term.Field).Any(v => IsText(term.Term.Field)
                    ? Tokens(v).Contains(term.Term.Text)
                    : string.Equals(v.ToLowerInvariant(), term.Term.Text, StringComparison.Ordinal));
            case PhraseQuery phrase:
                var terms = phrase.GetTerms();
                return terms.Length > 0 && Values(view, terms[0].Field).Any(v => ContainsPhrase(TokenList(v), terms.Select(t => t.Text).ToArray(), phrase.Slop));
            case NumericRangeQuery<long> longRange:
                return Numbers(view, longRange.Field).Any(n => InRange(n, longRange.Min, longRange.Max, longRange.IncludesMin, longRange.IncludesMax));
            case NumericRangeQuery<double> doubleRange:
                return Numbers(view, doubleRange.Field).Any(n => InRange(n, doubleRange.Min, doubleRange.Max, doubleRange.IncludesMin, doubleRange.IncludesMax));
            case TermRangeQuery range:
                return Values(view, range.Field).Select(v => v.ToLowerInvariant()).Any(v =>
                    (range.LowerTerm is null || Compare(v, range.LowerTerm.Utf8ToString(), range.IncludesLower, lower: true)) &&
                    (range.UpperTerm is null || Compare(v, range.UpperTerm.Utf8ToString(), range.IncludesUpper, lower: false)));
            case PrefixQuery prefix:
                return Candidates(view, prefix.Prefix.Field).Any(v => v.StartsWith(prefix.Prefix.Text, StringComparison.Ordinal));
            case WildcardQuery wildcard:
                return RunAutomaton(query, () => WildcardQuery.ToAutomaton(wildcard.Term), Candidates(view, wildcard.Term.Field));
            case RawMessageRegexQuery raw:
                return RunAutomaton(query, () => new RegExp(raw.Pattern).ToAutomaton(), Values(view, LogSchema.Message).Select(Raw));
            case RegexpQuery regexp:
                return RunAutomaton(query, () => new RegExp(RegexText(regexp)).ToAutomaton(), Candidates(view, regexp.Field));
            case ConstantScoreQuery constant when constant.Query is not null:
                return Matches(constant.Query, view);
            case FuzzyQuery fuzzy:
                return RunAutomaton(query, () => new LevenshteinAutomata(fuzzy.Term.Text, fuzzy.Transpositions).ToAutomaton(fuzzy.MaxEdits), Candidates(view, fuzzy.Term.Field));
            default:
                throw new NotSupportedException($"{query.GetType().Name} cannot be evaluated against a single event");
        }
    }

    private bool MatchesBoolean(BooleanQuery boolean, EventView view)
    {
        var hasRequired = false;
        var anyOptional = false;
        var hasOptional = false;
        foreach (var clause in boolean.Clauses)
        {
            var matched = Matches(clause.Query, view);
            switch (clause.Occur)
            {
                case Occur.MUST when !matched:
                    return false;
                case Occur.MUST:
                    hasRequired = true;
                    break;
                case Occur.MUST_NOT when matched:
                    return false;
                case Occur.SHOULD:
                    hasOptional = true;
                    anyOptional |= matched;
                    break;
            }
        }

        return hasRequired ? (boolean.MinimumNumberShouldMatch == 0 || anyOptional) : (!hasOptional || anyOptional);
    }

    private bool RunAutomaton(Lucene.Net.Search.Query query, Func<Automaton> build, IEnumerable<string> values)
    {
        CharacterRunAutomaton? automaton;
        lock (_lock)
        {
            if (!_automata.TryGetValue(query, out automaton))
            {
                automaton = new CharacterRunAutomaton(build());
                _automata[query] = automaton;
            }
        }

        return values.Any(automaton.Run);
    }

    private static string RegexText(RegexpQuery query)
    {
        // RegexpQuery.ToString(field) renders "/pattern/" for its own field.
        var text = query.ToString(query.Field);
        return text.Length >= 2 && text[0] == '/' ? text[1..text.LastIndexOf('/')] : text;
    }

    private IEnumerable<string> Candidates(EventView view, string field) =>
        IsText(field) ? Values(view, field).SelectMany(Tokens) : Values(view, field).Select(v => v.ToLowerInvariant());

    private HashSet<string> Tokens(string text) => [.. TokenList(text)];

    private List<string> TokenList(string text)
    {
        var tokens = new List<string>();
        using var stream = _analyzer.GetTokenStream(LogSchema.Message, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            tokens.Add(term.ToString());
        }

        stream.End();
        return tokens;
    }

    /// <summary>The words in order, each within <paramref name="slop"/> extra positions of the previous one.</summary>
    private static bool ContainsPhrase(List<string> tokens, string[] words, int slop)
    {
        for (var start = 0; start < tokens.Count; start++)
        {
            if (tokens[start] != words[0])
            {
                continue;
            }

            var at = start;
            var budget = slop;
            var all = true;
            for (var k = 1; k < words.Length && all; k++)
            {
                var found = -1;
                for (var next = at + 1; next <= at + 1 + budget && next < tokens.Count; next++)
                {
                    if (tokens[next] == words[k])
                    {
                        found = next;
                        break;
                    }
                }

                if (found < 0)
                {
                    all = false;
                }
                else
                {
                    budget -= found - at - 1;
                    at = found;
                }
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    private static string Raw(string message) => message.Length > IndexLayout.RawMessageMaxChars ? message[..IndexLayout.RawMessageMaxChars] : message;

    private static bool IsText(string field) => LogSchema.Known.TryGetValue(field, out var type) && type == FieldType.Text;

    private static IEnumerable<string> Values(EventView view, string field) =>
        view.Fields[field].Select(v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => v.ToJsonString(),
        });

    private static IEnumerable<double> Numbers(EventView view, string field)
    {
        if (field == LogSchema.Timestamp)
        {
            yield return view.Event.Timestamp.ToUnixTimeMilliseconds();
            yield break;
        }

        foreach (var value in view.Fields[field])
        {
            if (value.GetValueKind() == JsonValueKind.Number && JsonNumbers.TryRead(value, out var number, out _))
            {
                yield return number;
            }
            else if (value.GetValueKind() == JsonValueKind.String)
            {
                var text = value.GetValue<string>();
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
                {
                    yield return parsed;
                }
                else if (TimestampParser.TryParse(text, out var date))
                {
                    yield return date.ToUnixTimeMilliseconds();
                }
            }
        }
    }

    private static bool InRange<T>(double value, T? min, T? max, bool includeMin, bool includeMax)
        where T : struct, IConvertible
    {
        if (min is { } low)
        {
            var lowValue = low.ToDouble(CultureInfo.InvariantCulture);
            if (value < lowValue || (!includeMin && value == lowValue))
            {
                return false;
            }
        }

        if (max is { } high)
        {
            var highValue = high.ToDouble(CultureInfo.InvariantCulture);
            if (value > highValue || (!includeMax && value == highValue))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Compare(string value, string bound, bool inclusive, bool lower)
    {
        var order = string.CompareOrdinal(value, bound);
        return lower ? order > 0 || (inclusive && order == 0) : order < 0 || (inclusive && order == 0);
    }

    private sealed record EventView(LogEvent Event, ILookup<string, JsonValue> Fields);
}
