using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Console.Shared.Events;
using Console.Shared.Query;
using Console.Shared.Storage;
using Console.Shared.Storage.Elasticsearch;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Spans;

namespace Console.Shared.Tests.Storage.Elasticsearch;

/// <summary>
/// Golden tests: each query form of the seed (bench/Console.Benchmarks/SeedQueries.cs) and the other forms the parser
/// accepts, parsed as the embedded store parses them and translated to query DSL, against Data/Elasticsearch/Queries.
/// Set UPDATE_GOLDEN=1 to rewrite the files from the translator, then read the diff before committing it.
/// </summary>
public sealed class ElasticsearchQueryTranslatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static readonly IFieldTypes Fields = new FieldTypes(new Dictionary<string, FieldType>
    {
        ["cache_hit"] = FieldType.Boolean,
        ["order_id"] = FieldType.Keyword,
        ["attempt"] = FieldType.Long,
    });

    [Theory]
    // The seed's "Searching Logs" examples, in the order of SeedQueries.
    [InlineData("seed-message-phrase-one-word", "message:\"error\"")]
    [InlineData("seed-level-keyword", "log_level:ERROR")]
    [InlineData("seed-service-keyword", "service:django-backend")]
    [InlineData("seed-user-id", "user_id:123")]
    [InlineData("seed-request-id-quoted", "request_id:\"7f9c2ba4-e88f-4b8a-9d0c-1a2b3c4d5e6f\"")]
    [InlineData("seed-duration-range", "duration_ms:[100 TO 500]")]
    [InlineData("seed-timestamp-date-math", "@timestamp:[now-1h TO now]")]
    [InlineData("seed-message-regexp-anchored", "message:/^ERROR: .*/")]
    [InlineData("seed-message-regexp-anywhere", "message:/Internal Server Error.*/")]
    [InlineData("seed-boolean-groups", "(log_level:ERROR OR log_level:CRITICAL) AND service:django-backend")]
    [InlineData("seed-empty", "")]
    // Negation.
    [InlineData("not-alone", "NOT log_level:DEBUG")]
    [InlineData("minus-with-term", "log_level:ERROR -service:celery-worker")]
    // Wildcards and prefixes.
    [InlineData("prefix-keyword", "service:django*")]
    [InlineData("wildcard-keyword", "logger:django.*.request")]
    [InlineData("wildcard-text", "message:time?ut")]
    [InlineData("exists-star", "user_id:*")]
    [InlineData("exists-pseudo-field", "_exists_:request_id")]
    // Ranges.
    [InlineData("range-comparison-long", "status:>=500")]
    [InlineData("range-exclusive-long", "status:[200 TO 300}")]
    [InlineData("range-open-double", "duration_ms:>1.5")]
    [InlineData("range-keyword", "logger:[a TO m]")]
    [InlineData("range-date-whole-day", "@timestamp:2026-11-23")]
    [InlineData("range-date-rounded", "@timestamp:[now-1d/d TO now/d]")]
    [InlineData("number-equals", "http.status_code:404")]
    // Field-less terms and phrases go to message.
    [InlineData("bare-word", "timeout")]
    [InlineData("bare-words-or", "connection refused")]
    [InlineData("bare-phrase", "\"connection refused\"")]
    [InlineData("phrase-slop", "message:\"connection refused\"~2")]
    [InlineData("phrase-no-words", "message:\"!!!\"")]
    // Other field types and forms.
    [InlineData("boolean-field", "cache_hit:TRUE")]
    [InlineData("regexp-keyword", "service:/django-.*/")]
    [InlineData("fuzzy-text", "message:timeot~1")]
    [InlineData("nested-and-or-not", "service:django-backend AND (status:>=500 OR NOT log_level:INFO)")]
    public void Query_translates_to_the_expected_query_dsl(string name, string text)
    {
        var parsed = LogQueryParser.Parse(text, Fields, Now);
        var actual = ElasticsearchQueryTranslator.Translate(parsed, Fields);

        AssertGolden(name, actual);
    }

    [Fact]
    public void A_read_filters_by_the_query_and_the_time_range_in_epoch_milliseconds()
    {
        var parsed = LogQueryParser.Parse("log_level:ERROR", Fields, Now);
        var actual = ElasticsearchQueryTranslator.ForRead(parsed, Fields, Now.AddHours(-1), Now);

        AssertGolden("read-with-time-range", actual);
    }

    [Fact]
    public void A_read_without_a_time_range_has_only_the_query()
    {
        var actual = ElasticsearchQueryTranslator.ForRead(new MatchAllDocsQuery(), Fields, null, null);

        Assert.Equal("""{"bool":{"filter":[{"match_all":{}}]}}""", actual.ToJsonString());
    }

    [Fact]
    public void A_query_type_the_parser_never_builds_is_refused_with_its_text()
    {
        var spans = new SpanTermQuery(new Term("message", "error"));

        var error = Assert.Throws<StoreRequestException>(() => ElasticsearchQueryTranslator.Translate(spans, Fields));

        Assert.Contains("cannot translate", error.Message, StringComparison.Ordinal);
        Assert.Contains("SpanTermQuery", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_untranslatable_clause_inside_a_boolean_is_refused_too()
    {
        var boolean = new BooleanQuery { { new TermQuery(new Term("message", "a")), Occur.MUST }, { new SpanTermQuery(new Term("message", "b")), Occur.SHOULD } };

        Assert.Throws<StoreRequestException>(() => ElasticsearchQueryTranslator.Translate(boolean, Fields));
    }

    [Fact]
    public void A_phrase_with_a_gap_becomes_an_ordered_span()
    {
        var phrase = new PhraseQuery { { new Term("message", "connection"), 0 }, { new Term("message", "refused"), 2 } };

        var actual = ElasticsearchQueryTranslator.Translate(phrase, Fields);

        Assert.Equal(
            """{"span_near":{"clauses":[{"span_term":{"message":"connection"}},{"span_term":{"message":"refused"}}],"slop":1,"in_order":true}}""",
            actual.ToJsonString());
    }

    private static void AssertGolden(string name, JsonObject actual, [CallerFilePath] string callerPath = "")
    {
        var relative = Path.Combine("Data", "Elasticsearch", "Queries", name + ".json");
        var pretty = actual.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            var source = Path.Combine(Path.GetDirectoryName(callerPath)!, "..", "..", relative);
            File.WriteAllText(source, pretty);
            return;
        }

        var path = Path.Combine(AppContext.BaseDirectory, relative);
        Assert.True(File.Exists(path), $"no golden file {relative}; the translation is:\n{pretty}");
        var expected = JsonNode.Parse(File.ReadAllText(path));
        Assert.True(JsonNode.DeepEquals(expected, actual), $"{relative} differs; the translation is:\n{pretty}");
    }

    private sealed class FieldTypes(Dictionary<string, FieldType> types) : IFieldTypes
    {
        public FieldType? TypeOf(string field) => types.TryGetValue(field, out var type) ? type : null;
    }
}
