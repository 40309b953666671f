using Console.Shared.Events;
using Console.Shared.Query;
using Lucene.Net.Search;

namespace Console.Shared.Tests.Query;

public class LogQueryParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static readonly IFieldTypes Fields = new MapFieldTypes(new Dictionary<string, FieldType>
    {
        ["bytes"] = FieldType.Long,
        ["secure"] = FieldType.Boolean,
        ["route"] = FieldType.Keyword,
    });

    private static Lucene.Net.Search.Query Parse(string text) => LogQueryParser.Parse(text, Fields, Now);

    [Fact]
    public void Message_quoted_word_searches_the_analysed_message()
    {
        var query = Assert.IsType<TermQuery>(Parse("message: \"error\""));
        Assert.Equal("message", query.Term.Field);
        Assert.Equal("error", query.Term.Text);
    }

    [Fact]
    public void Bare_words_search_message()
    {
        var query = Assert.IsType<TermQuery>(Parse("Timeout"));
        Assert.Equal("message:timeout", query.ToString());
    }

    [Fact]
    public void Quoted_phrase_on_message_is_a_phrase_query()
    {
        var query = Assert.IsType<PhraseQuery>(Parse("message:\"Internal Server Error\""));
        Assert.Equal("message:\"internal server error\"", query.ToString());
    }

    [Theory]
    [InlineData("log_level: ERROR", "log_level", "error")]
    [InlineData("log_level:error", "log_level", "error")]
    [InlineData("service: django-backend", "service", "django-backend")]
    [InlineData("user_id: 123", "user_id", "123")]
    [InlineData("request_id: \"abc-123\"", "request_id", "abc-123")]
    [InlineData("host.name: VM", "host.name", "vm")]
    [InlineData("route:\"/api/lessons/\"", "route", "/api/lessons/")]
    [InlineData("unknown_field:Value", "unknown_field", "value")]
    public void Keyword_fields_match_whole_values_case_insensitively(string text, string field, string term)
    {
        var query = Assert.IsType<TermQuery>(Parse(text));
        Assert.Equal(field, query.Term.Field);
        Assert.Equal(term, query.Term.Text);
    }

    [Fact]
    public void Numeric_range_is_a_real_numeric_range()
    {
        var query = Assert.IsType<NumericRangeQuery<double>>(Parse("response_time: [100 TO 500]"));
        Assert.Equal(100, query.Min);
        Assert.Equal(500, query.Max);
        Assert.True(query.IncludesMin && query.IncludesMax);
    }

    [Fact]
    public void Exclusive_and_open_ranges_on_long_fields()
    {
        var query = Assert.IsType<NumericRangeQuery<long>>(Parse("status:{499 TO *]"));
        Assert.Equal(499, query.Min);
        Assert.Null(query.Max);
        Assert.False(query.IncludesMin);
    }

    [Theory]
    [InlineData("duration_ms:>500", 500.0, null, false)]
    [InlineData("duration_ms:>=500", 500.0, null, true)]
    [InlineData("duration_ms:<10", null, 10.0, true)]
    public void Comparison_shorthand_becomes_a_range(string text, double? min, double? max, bool inclusiveMin)
    {
        var query = Assert.IsType<NumericRangeQuery<double>>(Parse(text));
        Assert.Equal(min, query.Min);
        Assert.Equal(max, query.Max);
        if (min is not null)
        {
            Assert.Equal(inclusiveMin, query.IncludesMin);
        }
    }

    [Fact]
    public void Exact_number_on_a_long_field_matches_that_number()
    {
        var query = Assert.IsType<NumericRangeQuery<long>>(Parse("http.status_code:404"));
        Assert.Equal(404, query.Min);
        Assert.Equal(404, query.Max);
    }

    [Fact]
    public void Timestamp_range_takes_date_math()
    {
        var query = Assert.IsType<NumericRangeQuery<long>>(Parse("@timestamp: [now-1h TO now]"));
        Assert.Equal(Now.AddHours(-1).ToUnixTimeMilliseconds(), query.Min);
        Assert.Equal(Now.ToUnixTimeMilliseconds(), query.Max);
    }

    [Fact]
    public void Timestamp_day_means_the_whole_day()
    {
        var query = Assert.IsType<NumericRangeQuery<long>>(Parse("@timestamp:2026-11-20"));
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), query.Min);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() - 1, query.Max);
    }

    [Fact]
    public void Timestamp_range_with_iso_dates_in_quotes()
    {
        var query = Assert.IsType<NumericRangeQuery<long>>(Parse("@timestamp:[\"2026-11-20T10:00:00Z\" TO now/d]"));
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), query.Min);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() - 1, query.Max);
    }

    [Fact]
    public void Regex_on_message_runs_over_the_raw_message_anchored_like_grep()
    {
        var query = Assert.IsType<RawMessageRegexQuery>(Parse("message: /^ERROR: .*/"));
        Assert.Equal(IndexLayout.RawMessage, query.Field);
        Assert.Contains("ERROR: .*", query.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(".*ERROR", query.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("^ERROR: .*", "ERROR: .*.*")]
    [InlineData("timeout", ".*timeout.*")]
    [InlineData("failed$", ".*failed")]
    [InlineData("^exact$", "exact")]
    [InlineData("cost \\$", ".*cost \\$.*")]
    public void Grep_anchoring(string pattern, string expected) =>
        Assert.Equal(expected, SchemaQueryParser.AnchorLikeGrep(pattern));

    [Fact]
    public void Boolean_combination_from_the_seed()
    {
        var query = Assert.IsType<BooleanQuery>(Parse("(log_level: ERROR OR log_level: CRITICAL) AND service: django-backend"));
        Assert.Equal(2, query.Clauses.Count);
        Assert.All(query.Clauses, c => Assert.Equal(Occur.MUST, c.Occur));
        var levels = Assert.IsType<BooleanQuery>(query.Clauses[0].Query);
        Assert.Equal("log_level:error log_level:critical", levels.ToString());
        Assert.Equal("service:django-backend", query.Clauses[1].Query.ToString());
    }

    [Fact]
    public void Exists_queries_the_field_names()
    {
        // Still a term query on _field_names, which the Elasticsearch translator and the event matcher read.
        var query = Assert.IsType<FieldExistsQuery>(Parse("_exists_:exc_info"));
        Assert.Equal(LogSchema.FieldNamesField, query.Term.Field);
        Assert.Equal("exc_info", query.Term.Text);
    }

    [Theory]
    [InlineData("NOT log_level:debug")]
    [InlineData("-log_level:debug")]
    public void A_lone_negation_means_everything_but(string text)
    {
        var query = Assert.IsType<BooleanQuery>(Parse(text));
        Assert.Contains(query.Clauses, c => c.Occur == Occur.MUST_NOT);
        Assert.Contains(query.Clauses, c => c.Occur == Occur.MUST && c.Query is MatchAllDocsQuery);
    }

    [Fact]
    public void Required_and_prohibited_operators()
    {
        var query = Assert.IsType<BooleanQuery>(Parse("+service:celery -log_level:info timeout"));
        Assert.Equal([Occur.MUST, Occur.MUST_NOT, Occur.SHOULD], query.Clauses.Select(c => c.Occur));
    }

    [Theory]
    [InlineData("logger:thebot.*", typeof(PrefixQuery))]
    [InlineData("logger:thebot.h?tp", typeof(WildcardQuery))]
    [InlineData("message:tim*", typeof(PrefixQuery))]
    [InlineData("logger:*http", typeof(WildcardQuery))]
    public void Wildcards_lower_case_their_terms(string text, Type expected)
    {
        var query = Parse(text);
        Assert.IsType(expected, query);
        Assert.Equal(query.ToString().ToLowerInvariant(), query.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("*")]
    [InlineData("*:*")]
    public void Empty_or_star_matches_everything(string text) =>
        Assert.IsType<MatchAllDocsQuery>(Parse(text));

    [Fact]
    public void Boolean_field_takes_true_or_false()
    {
        Assert.Equal("secure:true", Parse("secure:TRUE").ToString());
        var error = Assert.Throws<QuerySyntaxException>(() => Parse("secure:maybe"));
        Assert.Contains("neither true nor false", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("log_level:(ERROR", 16)]
    [InlineData("message: \"unterminated", 9)]
    [InlineData("AND", 0)]
    [InlineData("status:[1 TO", 12)]
    [InlineData("log_level:error AND", 19)]
    public void Syntax_errors_give_a_position(string text, int position)
    {
        var error = Assert.Throws<QuerySyntaxException>(() => Parse(text));
        Assert.Equal(position, error.Position);
        Assert.Contains("position", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("duration_ms:fast", "not a number", 12)]
    [InlineData("bytes:[a TO 5]", "not a number", 7)]
    [InlineData("@timestamp:[yesterday TO now]", "not a date", 12)]
    [InlineData("status:2*", "needs a keyword or text field", 7)]
    public void Values_the_field_cannot_hold_are_refused_with_the_reason(string text, string reason, int position)
    {
        var error = Assert.Throws<QuerySyntaxException>(() => Parse(text));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal(position, error.Position);
    }

    private sealed class MapFieldTypes(Dictionary<string, FieldType> map) : IFieldTypes
    {
        public FieldType? TypeOf(string field) => map.TryGetValue(field, out var type) ? type : null;
    }
}
