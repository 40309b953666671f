using System.Diagnostics;
using Console.Shared.Events;
using Console.Shared.Query;
using Console.Shared.Query.Limits;
using Lucene.Net.Search;

namespace Console.Shared.Tests.Query.Limits;

public class QueryLimitsParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static readonly IFieldTypes Fields = new MapFieldTypes(new Dictionary<string, FieldType>
    {
        ["route"] = FieldType.Keyword,
        ["service"] = FieldType.Keyword,
        ["bytes"] = FieldType.Long,
    });

    private static Lucene.Net.Search.Query Parse(string text, QueryLimitsOptions? limits = null) =>
        LogQueryParser.Parse(text, Fields, Now, limits ?? new QueryLimitsOptions());

    [Theory]
    [InlineData("message:/[ab]*a[ab]{18}/")]
    [InlineData("route:/[ab]*a[ab]{18}/")]
    [InlineData("route:/.*a.{20}/")]
    public void Catastrophic_regex_is_refused_fast_naming_the_state_limit(string query)
    {
        var watch = Stopwatch.StartNew();
        var ex = Assert.Throws<QueryLimitException>(() => Parse(query));
        watch.Stop();

        Assert.Equal("Query:MaxDeterminizedStates", ex.Setting);
        Assert.Contains("Query:MaxDeterminizedStates", ex.Message, StringComparison.Ordinal);
        Assert.Contains("10000", ex.Message, StringComparison.Ordinal);
        // Unguarded this took a minute and half a gigabyte; refused it takes a fraction of a second even on a busy machine.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
    }

    [Theory]
    [InlineData("message:/^ERROR: .*timeout/")]
    [InlineData("route:/api\\/v[0-9]+\\/users\\/[0-9]{1,6}/")]
    [InlineData("route:/(get|post|put)_[a-z]{3,12}/")]
    [InlineData("route:/~(foo.*)/")]
    [InlineData("route:/<1-300>/")]
    [InlineData("route:/a{50}b/")]
    public void Ordinary_regexes_still_parse(string query) =>
        Assert.IsAssignableFrom<MultiTermQuery>(Parse(query));

    [Fact]
    public void A_regex_that_fits_a_larger_state_limit_is_accepted_there()
    {
        Assert.Throws<QueryLimitException>(() => Parse("route:/[ab]*a[ab]{8}/", new QueryLimitsOptions { MaxDeterminizedStates = 100 }));
        Assert.IsType<RegexpQuery>(Parse("route:/[ab]*a[ab]{8}/", new QueryLimitsOptions { MaxDeterminizedStates = 10_000 }));
    }

    [Fact]
    public void Long_regex_is_refused_naming_the_length_setting()
    {
        var ex = Assert.Throws<QueryLimitException>(() => Parse("message:/" + new string('a', 1001) + "/"));
        Assert.Equal("Query:MaxRegexLength", ex.Setting);
        Assert.Contains("1001 characters", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Query:MaxRegexLength", ex.Message, StringComparison.Ordinal);
        Assert.Equal(8, ex.Position);
    }

    [Fact]
    public void Invalid_regex_is_a_syntax_error_not_a_crash()
    {
        var ex = Assert.Throws<QuerySyntaxException>(() => Parse("route:/a{3/"));
        Assert.IsNotType<QueryLimitException>(ex);
        Assert.Contains("invalid regular expression", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*timeout")]
    [InlineData("message:?imeout")]
    public void Leading_wildcard_on_text_is_refused_by_default_naming_the_policy(string query)
    {
        var ex = Assert.Throws<QueryLimitException>(() => Parse(query));
        Assert.Equal("Query:LeadingWildcard", ex.Setting);
        Assert.Contains("KeywordFieldsOnly", ex.Message, StringComparison.Ordinal);
        Assert.Contains("/.*", ex.Message, StringComparison.Ordinal); // suggests the grep-like regex instead
    }

    [Fact]
    public void Leading_wildcard_on_keyword_follows_the_policy()
    {
        Assert.IsType<WildcardQuery>(Parse("service:*celery*"));
        Assert.IsType<WildcardQuery>(Parse("*timeout", new QueryLimitsOptions { LeadingWildcard = LeadingWildcardPolicy.Allowed }));
        var ex = Assert.Throws<QueryLimitException>(() => Parse("service:*celery", new QueryLimitsOptions { LeadingWildcard = LeadingWildcardPolicy.Refused }));
        Assert.Contains("Query:LeadingWildcard", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trailing_wildcard_is_never_a_leading_one() =>
        Assert.IsType<PrefixQuery>(Parse("message:time*", new QueryLimitsOptions { LeadingWildcard = LeadingWildcardPolicy.Refused }));

    [Fact]
    public void Too_many_clauses_are_refused_naming_the_setting()
    {
        var many = string.Join(" OR ", Enumerable.Range(0, 1100).Select(i => $"route:r{i}"));
        var ex = Assert.Throws<QueryLimitException>(() => Parse(many));
        Assert.Equal("Query:MaxBooleanClauses", ex.Setting);
        Assert.Contains("1100 clauses", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_clauses_count_toward_the_limit()
    {
        var group = "(" + string.Join(" OR ", Enumerable.Range(0, 10).Select(i => $"route:r{i}")) + ")";
        var nested = string.Join(" AND ", Enumerable.Repeat(group, 10));
        Assert.IsType<BooleanQuery>(Parse(nested));
        Assert.Throws<QueryLimitException>(() => Parse(nested, new QueryLimitsOptions { MaxBooleanClauses = 100 }));
    }

    private sealed class MapFieldTypes(Dictionary<string, FieldType> map) : IFieldTypes
    {
        public FieldType? TypeOf(string field) => map.TryGetValue(field, out var type) ? type : null;
    }
}
