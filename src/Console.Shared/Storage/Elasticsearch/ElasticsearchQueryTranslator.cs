using System.Globalization;
using System.Text.Json.Nodes;
using Console.Shared.Events;
using Console.Shared.Query;
using Lucene.Net.Search;
using LuceneQuery = Lucene.Net.Search.Query;

namespace Console.Shared.Storage.Elasticsearch;

/// <summary>
/// Turns the Lucene query <see cref="LogQueryParser"/> built into Elasticsearch query DSL, clause by clause, so both stores
/// validate the same text the same way and match the same events (instead of handing the text to <c>query_string</c>,
/// whose rules differ). The embedded store lowercases keyword terms at index time; here keywords keep their case in the
/// index and term-level queries on them ask for <c>case_insensitive</c> matching.
/// </summary>
public static class ElasticsearchQueryTranslator
{
    /// <summary>The keyword sub-field of <c>message</c> that holds the whole message for regular expressions (the embedded store's <see cref="IndexLayout.RawMessage"/>).</summary>
    public const string RawMessageField = "message.raw";

    /// <summary>The query of a read: the parsed query and the time range (both ends inclusive) as filters, no scoring.</summary>
    public static JsonObject ForRead(LuceneQuery parsed, IFieldTypes fields, DateTimeOffset? from, DateTimeOffset? to)
    {
        var filters = new JsonArray { Translate(parsed, fields) };
        if (from is not null || to is not null)
        {
            var range = new JsonObject();
            if (from is not null)
            {
                range["gte"] = from.Value.ToUnixTimeMilliseconds();
            }

            if (to is not null)
            {
                range["lte"] = to.Value.ToUnixTimeMilliseconds();
            }

            range["format"] = "epoch_millis";
            filters.Add(new JsonObject { ["range"] = new JsonObject { [LogSchema.Timestamp] = range } });
        }

        return new JsonObject { ["bool"] = new JsonObject { ["filter"] = filters } };
    }

    /// <exception cref="StoreRequestException">The query holds a Lucene query type that has no query DSL equivalent here.</exception>
    public static JsonObject Translate(LuceneQuery query, IFieldTypes fields) => query switch
    {
        MatchAllDocsQuery => new JsonObject { ["match_all"] = new JsonObject() },
        TermQuery term => Term(term.Term.Field, term.Term.Text, fields),
        PhraseQuery phrase => Phrase(phrase),
        BooleanQuery boolean => Boolean(boolean, fields),
        NumericRangeQuery<long> range => Range(range.Field, range.Min, range.Max, range.IncludesMin, range.IncludesMax, TypeOf(range.Field, fields) == FieldType.Date),
        NumericRangeQuery<double> range => Range(range.Field, range.Min, range.Max, range.IncludesMin, range.IncludesMax, false),
        TermRangeQuery range => Range(range.Field, range.LowerTerm?.Utf8ToString(), range.UpperTerm?.Utf8ToString(), range.IncludesLower, range.IncludesUpper, false),
        WildcardQuery wildcard => TermLevel("wildcard", wildcard.Term.Field, wildcard.Term.Text, fields),
        PrefixQuery prefix => TermLevel("prefix", prefix.Prefix.Field, prefix.Prefix.Text, fields),
        RawMessageRegexQuery raw => new JsonObject { ["regexp"] = new JsonObject { [RawMessageField] = new JsonObject { ["value"] = raw.Pattern } } },
        RegexpQuery regexp => Regexp(regexp, fields),
        FuzzyQuery fuzzy => Fuzzy(fuzzy),
        _ => throw new StoreRequestException($"the Elasticsearch store cannot translate '{query}' (a Lucene {query.GetType().Name})"),
    };

    private static JsonObject Term(string field, string text, IFieldTypes fields)
    {
        if (field == LogSchema.FieldNamesField)
        {
            return new JsonObject { ["exists"] = new JsonObject { ["field"] = text } };
        }

        return TermLevel("term", field, text, fields);
    }

    /// <summary>term, wildcard and prefix: case-insensitive on keywords, whose values the parser lowercased.</summary>
    private static JsonObject TermLevel(string kind, string field, string value, IFieldTypes fields)
    {
        var body = new JsonObject { ["value"] = value };
        if (IsKeyword(field, fields))
        {
            body["case_insensitive"] = true;
        }

        return new JsonObject { [kind] = new JsonObject { [field] = body } };
    }

    private static JsonObject Phrase(PhraseQuery phrase)
    {
        var terms = phrase.GetTerms();
        var positions = phrase.GetPositions();
        if (terms.Length == 0)
        {
            return new JsonObject { ["match_none"] = new JsonObject() };
        }

        var field = terms[0].Field;
        var consecutive = positions.Select((p, i) => p - positions[0] == i).All(x => x);
        if (consecutive)
        {
            // The tokens came from the standard analyzer, which the text fields use too: joined by spaces they analyze back to themselves.
            var body = new JsonObject { ["query"] = string.Join(' ', terms.Select(t => t.Text)) };
            if (phrase.Slop > 0)
            {
                body["slop"] = phrase.Slop;
            }

            return new JsonObject { ["match_phrase"] = new JsonObject { [field] = body } };
        }

        // Gaps between positions (a removed stop word): spans keep the order and allow exactly those gaps plus the slop.
        var gaps = positions[^1] - positions[0] - (positions.Length - 1);
        var clauses = new JsonArray();
        foreach (var term in terms)
        {
            clauses.Add(new JsonObject { ["span_term"] = new JsonObject { [field] = term.Text } });
        }

        return new JsonObject { ["span_near"] = new JsonObject { ["clauses"] = clauses, ["slop"] = phrase.Slop + gaps, ["in_order"] = true } };
    }

    private static JsonObject Boolean(BooleanQuery boolean, IFieldTypes fields)
    {
        if (boolean.Clauses.Count == 0)
        {
            return new JsonObject { ["match_none"] = new JsonObject() }; // Lucene's empty BooleanQuery (a phrase of no words) matches nothing; bool {} would match all
        }

        var must = new JsonArray();
        var should = new JsonArray();
        var mustNot = new JsonArray();
        foreach (var clause in boolean.Clauses)
        {
            var translated = Translate(clause.Query, fields);
            (clause.Occur switch
            {
                Occur.MUST => must,
                Occur.SHOULD => should,
                _ => mustNot,
            }).Add(translated);
        }

        var body = new JsonObject();
        if (must.Count > 0)
        {
            body["must"] = must;
        }

        if (should.Count > 0)
        {
            body["should"] = should;
        }

        if (mustNot.Count > 0)
        {
            body["must_not"] = mustNot;
        }

        if (boolean.MinimumNumberShouldMatch > 0)
        {
            body["minimum_should_match"] = boolean.MinimumNumberShouldMatch;
        }

        return new JsonObject { ["bool"] = body };
    }

    private static JsonObject Range<T>(string field, T? low, T? high, bool includeLow, bool includeHigh, bool epochMillis)
    {
        if (low is null && high is null)
        {
            return new JsonObject { ["exists"] = new JsonObject { ["field"] = field } }; // an open range matches every value of the field
        }

        var body = new JsonObject();
        if (low is not null)
        {
            body[includeLow ? "gte" : "gt"] = JsonValue.Create(low);
        }

        if (high is not null)
        {
            body[includeHigh ? "lte" : "lt"] = JsonValue.Create(high);
        }

        if (epochMillis)
        {
            body["format"] = "epoch_millis";
        }

        return new JsonObject { ["range"] = new JsonObject { [field] = body } };
    }

    private static JsonObject Regexp(RegexpQuery regexp, IFieldTypes fields)
    {
        // RegexpQuery keeps its pattern private; its text form for its own field is exactly /pattern/ (plus ^boost, never set by the parser).
        var text = regexp.ToString(regexp.Field);
        if (text.Length < 2 || text[0] != '/' || text[^1] != '/')
        {
            throw new StoreRequestException($"the Elasticsearch store cannot read the regular expression '{text}'");
        }

        return TermLevel("regexp", regexp.Field, text[1..^1], fields);
    }

    private static JsonObject Fuzzy(FuzzyQuery fuzzy) => new()
    {
        ["fuzzy"] = new JsonObject
        {
            [fuzzy.Term.Field] = new JsonObject
            {
                ["value"] = fuzzy.Term.Text,
                ["fuzziness"] = fuzzy.MaxEdits.ToString(CultureInfo.InvariantCulture),
                ["prefix_length"] = fuzzy.PrefixLength,
                ["transpositions"] = fuzzy.Transpositions,
            },
        },
    };

    private static FieldType? TypeOf(string field, IFieldTypes fields) =>
        LogSchema.Known.TryGetValue(field, out var known) ? known : fields.TypeOf(field);

    /// <summary>A field of unknown type is a keyword to the parser too (and matches nothing in either store).</summary>
    private static bool IsKeyword(string field, IFieldTypes fields) => TypeOf(field, fields) is FieldType.Keyword or null;
}
