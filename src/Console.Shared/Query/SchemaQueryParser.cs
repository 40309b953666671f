using System.Globalization;
using Console.Shared.Events;
using Console.Shared.Query.Limits;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Lucene.Net.Util;
using LuceneQuery = Lucene.Net.Search.Query;

namespace Console.Shared.Query;

/// <summary>The classic Lucene parser with its Get...Query hooks overridden to follow the schema (see <see cref="LogQueryParser"/>).</summary>
internal sealed class SchemaQueryParser : QueryParser
{
    private readonly string _text;
    private readonly IFieldTypes _fields;
    private readonly DateTimeOffset _now;
    private readonly QueryLimitsOptions _limits;
    private readonly MultiTermQuery.RewriteMethod _expansionRewrite;

    public SchemaQueryParser(string text, IFieldTypes fields, DateTimeOffset now, QueryLimitsOptions limits)
        : base(LuceneVersion.LUCENE_48, LogSchema.Message, LogQueryParser.CreateTextAnalyzer())
    {
        _text = text;
        _fields = fields;
        _now = now;
        _limits = limits;
        AllowLeadingWildcard = true; // the policy is applied per field below, with a reason
        LowercaseExpandedTerms = false; // done per field type below
        DefaultOperator = OR_OPERATOR;
        _expansionRewrite = new LimitedExpansionRewrite(limits.MaxTermExpansions);
        MultiTermRewriteMethod = _expansionRewrite;
    }

    protected override LuceneQuery GetFieldQuery(string field, string queryText, bool quoted)
    {
        if (field == LogSchema.ExistsPseudoField)
        {
            return new FieldExistsQuery(queryText);
        }

        if (field == LogSchema.IdField)
        {
            // Ids are exact, as in Elasticsearch: a sender's id may hold capitals, so it is not lower-cased like a keyword.
            return new TermQuery(new Term(LogSchema.IdField, queryText));
        }

        if (field == "*" && queryText == "*")
        {
            return new MatchAllDocsQuery();
        }

        var type = TypeOf(field);
        if (!quoted && type is not FieldType.Text && TryComparison(queryText, out var op, out var operand))
        {
            // Elasticsearch's query_string shorthand: duration_ms:>500, status:<=299.
            return op switch
            {
                ">" => GetRangeQuery(field, operand, null, false, true),
                ">=" => GetRangeQuery(field, operand, null, true, true),
                "<" => GetRangeQuery(field, null, operand, true, false),
                _ => GetRangeQuery(field, null, operand, true, true),
            };
        }

        switch (type)
        {
            case FieldType.Text:
                return base.GetFieldQuery(field, queryText, quoted) ?? new BooleanQuery();
            case FieldType.Long:
            case FieldType.Double:
                return NumericRange(field, type.Value, queryText, queryText, true, true);
            case FieldType.Date:
                return DateRange(field, queryText, queryText, true, true);
            case FieldType.Boolean:
                return new TermQuery(new Term(field, ParseBoolean(field, queryText)));
            default:
                return new TermQuery(new Term(field, Keyword(queryText)));
        }
    }

    protected override LuceneQuery GetRangeQuery(string field, string? part1, string? part2, bool startInclusive, bool endInclusive)
    {
        part1 = part1 is null or "*" ? null : part1;
        part2 = part2 is null or "*" ? null : part2;
        var type = TypeOf(field);
        return type switch
        {
            FieldType.Long or FieldType.Double => NumericRange(field, type.Value, part1, part2, startInclusive, endInclusive),
            FieldType.Date => DateRange(field, part1, part2, startInclusive, endInclusive),
            FieldType.Text => TermRangeQuery.NewStringRange(field, part1?.ToLowerInvariant(), part2?.ToLowerInvariant(), startInclusive, endInclusive),
            _ => TermRangeQuery.NewStringRange(field, part1 is null ? null : Keyword(part1), part2 is null ? null : Keyword(part2), startInclusive, endInclusive),
        };
    }

    protected override LuceneQuery GetWildcardQuery(string field, string termStr)
    {
        if (termStr == "*")
        {
            return field is "*" || field == Field ? new MatchAllDocsQuery() : new FieldExistsQuery(field);
        }

        RequireTermField(field, "wildcard", termStr);
        RequireLeadingWildcardAllowed(field, termStr);
        return new WildcardQuery(new Term(field, termStr.ToLowerInvariant())) { MultiTermRewriteMethod = _expansionRewrite };
    }

    protected override LuceneQuery GetPrefixQuery(string field, string termStr)
    {
        RequireTermField(field, "prefix", termStr);
        return new PrefixQuery(new Term(field, termStr.ToLowerInvariant())) { MultiTermRewriteMethod = _expansionRewrite };
    }

    protected override LuceneQuery GetFuzzyQuery(string field, string termStr, float minSimilarity)
    {
        RequireTermField(field, "fuzzy", termStr);
        return base.GetFuzzyQuery(field, termStr.ToLowerInvariant(), minSimilarity);
    }

    protected override LuceneQuery GetRegexpQuery(string field, string termStr)
    {
        if (field == LogSchema.Message)
        {
            // Over whole messages a regular expression is the explicit grep: it may match any number of distinct
            // messages, so only its automaton and the search timeout bound it, not the expansion limit.
            var anchored = AnchorLikeGrep(termStr);
            return new RawMessageRegexQuery(anchored, CompileRawMessageRegex(anchored, termStr));
        }

        RequireTermField(field, "regular expression", termStr);
        return new RegexpQuery(new Term(field, CheckRegex(termStr.ToLowerInvariant(), termStr))) { MultiTermRewriteMethod = _expansionRewrite };
    }

    protected override LuceneQuery GetBooleanQuery(IList<BooleanClause> clauses, bool disableCoord)
    {
        if (clauses.Count > _limits.MaxBooleanClauses)
        {
            // Before Lucene adds them one by one and stops at its global bound with a less helpful message.
            throw new QueryLimitException($"the query has {clauses.Count} clauses in one group",
                nameof(QueryLimitsOptions.MaxBooleanClauses), _limits.MaxBooleanClauses);
        }

        var query = base.GetBooleanQuery(clauses, disableCoord);
        // "NOT x" alone means "everything but x" to a user (and to Elasticsearch), not "nothing" as in bare Lucene.
        if (query is BooleanQuery boolean && boolean.Clauses.Count > 0 && boolean.Clauses.All(c => c.Occur == Occur.MUST_NOT))
        {
            boolean.Add(new MatchAllDocsQuery(), Occur.MUST);
        }

        return query;
    }

    /// <summary>
    /// Lucene regular expressions match a whole term. Over the raw message a user means grep: <c>/^ERROR: .*/</c>
    /// anchors at the start, <c>/timeout/</c> matches anywhere.
    /// </summary>
    internal static string AnchorLikeGrep(string pattern)
    {
        var anchoredStart = pattern.StartsWith('^');
        var body = anchoredStart ? pattern[1..] : pattern;
        var anchoredEnd = body.EndsWith('$') && !body.EndsWith("\\$", StringComparison.Ordinal);
        if (anchoredEnd)
        {
            body = body[..^1];
        }

        return (anchoredStart ? string.Empty : ".*") + body + (anchoredEnd ? string.Empty : ".*");
    }

    /// <summary>Refuses a regular expression that is too long or whose automaton would explode, before Lucene builds it unbounded.</summary>
    private string CheckRegex(string pattern, string written)
    {
        CheckRegexLength(written);
        RequireWithinStates(pattern, written, p => RegexAutomatonBudget.Fits(p, _limits.MaxDeterminizedStates));
        return pattern;
    }

    /// <summary>The compiled automaton of a regular expression on the raw message, under the same limits as <see cref="CheckRegex"/>.</summary>
    private Lucene.Net.Util.Automaton.CompiledAutomaton CompileRawMessageRegex(string pattern, string written)
    {
        CheckRegexLength(written);
        Lucene.Net.Util.Automaton.CompiledAutomaton? compiled = null;
        RequireWithinStates(pattern, written, p => (compiled = CompiledRegexCache.GetOrCompile(p, _limits.MaxDeterminizedStates)) is not null);
        return compiled!;
    }

    private void CheckRegexLength(string written)
    {
        if (written.Length > _limits.MaxRegexLength)
        {
            throw new QueryLimitException($"the regular expression is {written.Length} characters long",
                nameof(QueryLimitsOptions.MaxRegexLength), _limits.MaxRegexLength, RegexPosition(written));
        }
    }

    private void RequireWithinStates(string pattern, string written, Func<string, bool> fits)
    {
        bool within;
        try
        {
            within = fits(pattern);
        }
        catch (ArgumentException ex)
        {
            throw Error($"invalid regular expression: {ex.Message}", written);
        }

        if (!within)
        {
            throw new QueryLimitException("the regular expression is too complex: its automaton needs too many states (a repeat such as [ab]*a[ab]{18} multiplies them); anchor it or simplify it",
                nameof(QueryLimitsOptions.MaxDeterminizedStates), _limits.MaxDeterminizedStates, RegexPosition(written));
        }
    }

    private int? RegexPosition(string written)
    {
        var position = _text.IndexOf("/" + written + "/", StringComparison.Ordinal);
        return position >= 0 ? position : null;
    }

    private void RequireLeadingWildcardAllowed(string field, string termStr)
    {
        if (termStr.Length == 0 || termStr[0] is not ('*' or '?'))
        {
            return;
        }

        var refused = _limits.LeadingWildcard switch
        {
            LeadingWildcardPolicy.Refused => true,
            LeadingWildcardPolicy.KeywordFieldsOnly => TypeOf(field) is FieldType.Text,
            _ => false,
        };
        if (refused)
        {
            var position = _text.IndexOf(termStr, StringComparison.Ordinal);
            var where = _limits.LeadingWildcard == LeadingWildcardPolicy.Refused ? "is not allowed" : $"is not allowed on the full-text field {field}";
            throw new QueryLimitException($"a leading wildcard ({termStr}) {where}: it scans every term of the field; start with a few characters or use a regular expression such as {field}:/.*{termStr.TrimStart('*', '?')}.*/",
                nameof(QueryLimitsOptions.LeadingWildcard), _limits.LeadingWildcard, position >= 0 ? position : null);
        }
    }

    private FieldType? TypeOf(string field) =>
        LogSchema.Known.TryGetValue(field, out var known) ? known : _fields.TypeOf(field);

    private void RequireTermField(string field, string kind, string termStr)
    {
        var type = TypeOf(field);
        if (type is FieldType.Long or FieldType.Double or FieldType.Date)
        {
            throw Error($"{field} is a {type.Value.ToString().ToLowerInvariant()} field: a {kind} query needs a keyword or text field (use a range such as {field}:[1 TO 10])", termStr);
        }
    }

    private LuceneQuery NumericRange(string field, FieldType type, string? low, string? high, bool includeLow, bool includeHigh)
    {
        if (type == FieldType.Long && IsIntegral(low) && IsIntegral(high))
        {
            return NumericRangeQuery.NewInt64Range(field, IndexLayout.NumericPrecisionStep,
                low is null ? null : long.Parse(low, CultureInfo.InvariantCulture),
                high is null ? null : long.Parse(high, CultureInfo.InvariantCulture), includeLow, includeHigh);
        }

        double? lowValue = low is null ? null : ParseNumber(field, low);
        double? highValue = high is null ? null : ParseNumber(field, high);
        if (type == FieldType.Long)
        {
            // A fractional bound on a long field: widen to the integers it covers (status:[199.5 TO 299.5] is 200..299).
            long? lowLong = lowValue is null ? null : (long)(includeLow ? Math.Ceiling(lowValue.Value) : Math.Floor(lowValue.Value) + 1);
            long? highLong = highValue is null ? null : (long)(includeHigh ? Math.Floor(highValue.Value) : Math.Ceiling(highValue.Value) - 1);
            return NumericRangeQuery.NewInt64Range(field, IndexLayout.NumericPrecisionStep, lowLong, highLong, true, true);
        }

        return NumericRangeQuery.NewDoubleRange(field, IndexLayout.NumericPrecisionStep, lowValue, highValue, includeLow, includeHigh);
    }

    private NumericRangeQuery<long> DateRange(string field, string? low, string? high, bool includeLow, bool includeHigh)
    {
        // Elasticsearch's rounding: gt and lte round up to the end of the unit, gte and lt round down.
        long? lowMs = low is null ? null : ParseDate(field, low, roundUp: !includeLow).ToUnixTimeMilliseconds();
        long? highMs = high is null ? null : ParseDate(field, high, roundUp: includeHigh).ToUnixTimeMilliseconds();
        if (low is not null && high is not null && low == high && includeLow && includeHigh)
        {
            // @timestamp:2026-11-23 or @timestamp:now/d means the whole unit, not its first millisecond.
            highMs = ParseDate(field, high, roundUp: true).ToUnixTimeMilliseconds();
        }

        return NumericRangeQuery.NewInt64Range(field, IndexLayout.NumericPrecisionStep, lowMs, highMs, includeLow, includeHigh);
    }

    private DateTimeOffset ParseDate(string field, string text, bool roundUp)
    {
        if (!DateMath.TryParse(text, _now, roundUp, out var value, out var error))
        {
            throw Error($"{field}: {error}", text);
        }

        return value;
    }

    private double ParseNumber(string field, string text)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw Error($"{field} is a numeric field and '{text}' is not a number", text);
        }

        return value;
    }

    private string ParseBoolean(string field, string text) => text.ToLowerInvariant() switch
    {
        "true" => "true",
        "false" => "false",
        _ => throw Error($"{field} is a boolean field and '{text}' is neither true nor false", text),
    };

    private QuerySyntaxException Error(string message, string near)
    {
        var position = _text.IndexOf(near, StringComparison.Ordinal);
        return new QuerySyntaxException(position >= 0 ? $"{message} (at position {position})" : message, position >= 0 ? position : null);
    }

    private static bool IsIntegral(string? text) =>
        text is null || long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);

    private static bool TryComparison(string text, out string op, out string operand)
    {
        foreach (var candidate in (ReadOnlySpan<string>)[">=", "<=", ">", "<"])
        {
            if (text.StartsWith(candidate, StringComparison.Ordinal) && text.Length > candidate.Length)
            {
                op = candidate;
                operand = text[candidate.Length..];
                return true;
            }
        }

        op = operand = string.Empty;
        return false;
    }

    internal static string Keyword(string value) => value.ToLowerInvariant();
}
