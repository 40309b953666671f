using System.Text.Json.Nodes;
using Console.Shared.Storage;
using Console.Shared.Storage.Elasticsearch;
using Console.Shared.Tests.Support;

namespace Console.Shared.Tests.Storage.Elasticsearch;

/// <summary>What <see cref="ElasticsearchLogStore.AggregateAsync"/> asks Elasticsearch for, and how it reads recorded ES 8 answers.</summary>
public sealed class ElasticsearchLogStoreAggregationTests : IAsyncLifetime
{
    private const string Search = "/thebot-logs-*/_search";
    private static readonly DateTimeOffset From = new(2026, 11, 23, 10, 0, 30, TimeSpan.Zero);
    private static readonly long Origin = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private readonly FixedClock _clock = new(new DateTimeOffset(2026, 11, 23, 10, 5, 0, TimeSpan.Zero));
    private FakeElasticsearchConnection _es = null!;

    public async Task InitializeAsync() => _es = await FakeElasticsearchConnection.StartAsync();

    public async Task DisposeAsync() => await _es.DisposeAsync();

    private ElasticsearchLogStore Store() => _es.Store(clock: _clock);

    /// <summary>Three one-minute buckets: 10:00, 10:01 and 10:02 (the range starts at 10:00:30, so the first bucket starts before it).</summary>
    private static LogQuery TwoMinutes(string? text = null) => new("thebot-logs-*", text, From, From.AddMinutes(2));

    private List<JsonObject> Searches() => _es.Fake.Requests.Where(r => r.Path == Search).Select(r => r.Json).ToList();

    private FakeElasticsearch Answering(params FakeReply[] replies) =>
        _es.Fake.On("GET", "/thebot-logs-*/_field_caps", FakeReply.Recorded("field-caps.json")).On("POST", Search, replies);

    [Fact]
    public async Task A_split_over_time_chooses_the_top_values_first_then_lists_them_in_every_bucket_with_zeros()
    {
        Answering(FakeReply.Recorded("aggs-split-terms.json"), FakeReply.Recorded("aggs-split-time.json"));
        using var store = Store();

        var result = await store.AggregateAsync(new AggregationRequest(TwoMinutes("service:web"), AggregationMetric.Count,
            new DateHistogramSplit(TimeSpan.FromMinutes(1)), new FieldSplit("log_level", 2)));

        var searches = Searches();
        Assert.Equal(2, searches.Count);
        foreach (var search in searches)
        {
            Assert.Equal(0, (int)search["size"]!);
            Assert.True((bool)search["track_total_hits"]!);
            var filter = search["query"]!["bool"]!["filter"]!.AsArray();
            Assert.Equal("web", (string)filter[0]!["term"]!["service"]!["value"]!); // the translated query, then the time range
            Assert.Equal(
                """{"range":{"@timestamp":{"gte":""" + From.ToUnixTimeMilliseconds() + ""","lte":""" + From.AddMinutes(2).ToUnixTimeMilliseconds() + ""","format":"epoch_millis"}}}""",
                filter[1]!.ToJsonString());
        }

        Assert.Equal(
            """{"split":{"terms":{"field":"log_level","size":2,"order":[{"_count":"desc"},{"_key":"asc"}]}},"missing":{"missing":{"field":"log_level"}}}""",
            searches[0]["aggs"]!.ToJsonString());
        var time = searches[1]["aggs"]!["time"]!;
        Assert.Equal(
            """{"field":"@timestamp","fixed_interval":"60000ms","min_doc_count":0,"extended_bounds":{"min":""" + Origin + ""","max":""" + (Origin + 120_000) + """}}""",
            time["date_histogram"]!.ToJsonString());
        Assert.Equal(
            """{"split":{"terms":{"field":"log_level","size":2,"include":["INFO","ERROR"]}},"values":{"value_count":{"field":"log_level"}},"missing":{"missing":{"field":"log_level"}}}""",
            time["aggs"]!.ToJsonString());

        Assert.Equal(9, result.Total);
        Assert.Equal(9, result.Metric.Value);
        Assert.Equal(TimeSpan.FromMinutes(1), result.Interval);
        Assert.Equal(["INFO:4", "ERROR:3"], result.Split!.Values.Select(v => $"{v.Key}:{v.Count}"));
        Assert.Equal((1L, 1L), (result.Split.OtherCount, result.Split.MissingCount));
        Assert.Equal([Origin, Origin + 60_000, Origin + 120_000], result.Buckets.Select(b => b.Start.ToUnixTimeMilliseconds()));
        Assert.Equal([6L, 3L, 0L], result.Buckets.Select(b => b.Count));
        Assert.Equal([6.0, 3.0, 0.0], result.Buckets.Select(b => b.Metric.Value));
        Assert.All(result.Buckets, b => Assert.Equal(["INFO", "ERROR"], b.Split!.Values.Select(v => v.Key)));
        Assert.Equal(["4,1", "0,2", "0,0"], result.Buckets.Select(b => string.Join(',', b.Split!.Values.Select(v => v.Count))));
        Assert.Equal(["4,1", "0,2", "0,0"], result.Buckets.Select(b => string.Join(',', b.Split!.Values.Select(v => v.Metric.Value))));
        Assert.Equal([1L, 0L, 0L], result.Buckets.Select(b => b.Split!.OtherCount));
        Assert.Equal([0L, 1L, 0L], result.Buckets.Select(b => b.Split!.MissingCount));
    }

    [Fact]
    public async Task Percentiles_over_time_ask_for_an_unkeyed_list_and_read_null_where_a_bucket_has_no_values()
    {
        Answering(FakeReply.Recorded("aggs-percentiles-time.json"));
        using var store = Store();

        var result = await store.AggregateAsync(new AggregationRequest(TwoMinutes(), AggregationMetric.PercentilesOf("duration_ms"),
            new DateHistogramSplit(TimeSpan.FromMinutes(1))));

        var aggs = Assert.Single(Searches())["aggs"]!;
        var percentiles = """{"percentiles":{"field":"duration_ms","percents":[50,95,99],"keyed":false}}""";
        Assert.Equal(percentiles, aggs["metric"]!.ToJsonString());
        Assert.Equal(percentiles, aggs["time"]!["aggs"]!["metric"]!.ToJsonString());
        Assert.Equal("60000ms", (string)aggs["time"]!["date_histogram"]!["fixed_interval"]!);

        Assert.Equal(7, result.Total);
        Assert.Null(result.Metric.Value);
        Assert.Null(result.Split);
        Assert.Equal([new PercentileValue(50, 120), new PercentileValue(95, 870.5), new PercentileValue(99, 894.1)], result.Metric.Percentiles);
        Assert.Equal([4L, 3L, 0L], result.Buckets.Select(b => b.Count));
        Assert.Equal([110.0, 900.0, null], result.Buckets.Select(b => b.Metric.Percentiles[0].Value));
        Assert.All(result.Buckets[2].Metric.Percentiles, p => Assert.Null(p.Value));
        Assert.All(result.Buckets, b => Assert.Null(b.Split));
    }

    [Fact]
    public async Task A_numeric_split_by_interval_is_a_histogram_whose_largest_ranges_are_chosen_ties_by_value()
    {
        Answering(FakeReply.Recorded("aggs-histogram-split.json"));
        using var store = Store();

        var result = await store.AggregateAsync(new AggregationRequest(TwoMinutes(), AggregationMetric.Avg("duration_ms"),
            Split: new FieldSplit("status", 2, 100)));

        var aggs = Assert.Single(Searches())["aggs"]!;
        Assert.Equal(
            """{"metric":{"avg":{"field":"duration_ms"}},"split":{"histogram":{"field":"status","interval":100,"min_doc_count":1},"aggs":{"metric":{"avg":{"field":"duration_ms"}}}},"missing":{"missing":{"field":"status"}}}""",
            aggs.ToJsonString());
        Assert.Equal(14, result.Total);
        Assert.Equal(180.25, result.Metric.Value);
        Assert.Equal(["200:5:95.5", "500:5:250.5"], result.Split!.Values.Select(v => $"{v.Key}:{v.Count}:{v.Metric.Value}"));
        Assert.Equal((3L, 1L), (result.Split.OtherCount, result.Split.MissingCount));
        Assert.Null(result.Interval);
        Assert.Empty(result.Buckets);
    }

    [Fact]
    public async Task A_range_split_over_time_gives_each_bucket_all_its_ranges_and_counts_those_outside_the_top_as_other()
    {
        Answering(FakeReply.Recorded("aggs-histogram-split.json"), FakeReply.Recorded("aggs-histogram-time.json"));
        using var store = Store();

        var result = await store.AggregateAsync(new AggregationRequest(TwoMinutes(), AggregationMetric.Avg("duration_ms"),
            new DateHistogramSplit(TimeSpan.FromMinutes(1)), new FieldSplit("status", 1, 100)));

        var time = Searches()[1]["aggs"]!["time"]!["aggs"]!;
        Assert.Equal(
            """{"metric":{"avg":{"field":"duration_ms"}},"split":{"histogram":{"field":"status","interval":100,"min_doc_count":1},"aggs":{"metric":{"avg":{"field":"duration_ms"}}}},"missing":{"missing":{"field":"status"}}}""",
            time.ToJsonString());
        Assert.Equal(["200:5:95.5"], result.Split!.Values.Select(v => $"{v.Key}:{v.Count}:{v.Metric.Value}"));
        Assert.Equal((8L, 1L), (result.Split.OtherCount, result.Split.MissingCount));
        Assert.Equal([153.6, 120.0, null], result.Buckets.Select(b => b.Metric.Value));
        Assert.Equal(["200:5:95.5", "200:0:", "200:0:"], result.Buckets.Select(b => string.Join(',', b.Split!.Values.Select(v => $"{v.Key}:{v.Count}:{v.Metric.Value}"))));
        Assert.Equal([3L, 5L, 0L], result.Buckets.Select(b => b.Split!.OtherCount));
        Assert.Equal([0L, 1L, 0L], result.Buckets.Select(b => b.Split!.MissingCount));
    }

    [Fact]
    public async Task A_long_split_over_time_includes_the_chosen_numbers_and_matches_them_back_by_value()
    {
        const string whole = """
            {"took":1,"timed_out":false,"hits":{"total":{"value":5,"relation":"eq"},"hits":[]},"aggregations":{
              "split":{"doc_count_error_upper_bound":0,"sum_other_doc_count":0,"buckets":[{"key":500,"doc_count":3},{"key":200,"doc_count":2}]},
              "missing":{"doc_count":0}}}
            """;
        const string perBucket = """
            {"took":1,"timed_out":false,"hits":{"total":{"value":5,"relation":"eq"},"hits":[]},"aggregations":{"time":{"buckets":[
              {"key_as_string":"2026-11-23T10:00:00.000Z","key":1795428000000,"doc_count":2,
               "split":{"doc_count_error_upper_bound":0,"sum_other_doc_count":0,"buckets":[{"key":200,"doc_count":2}]},"values":{"value":2},"missing":{"doc_count":0}},
              {"key_as_string":"2026-11-23T10:01:00.000Z","key":1795428060000,"doc_count":3,
               "split":{"doc_count_error_upper_bound":0,"sum_other_doc_count":0,"buckets":[{"key":500,"doc_count":3}]},"values":{"value":3},"missing":{"doc_count":0}}]}}}
            """;
        Answering(FakeReply.Ok(whole), FakeReply.Ok(perBucket));
        using var store = Store();

        var result = await store.AggregateAsync(new AggregationRequest(TwoMinutes(), AggregationMetric.Count,
            new DateHistogramSplit(TimeSpan.FromMinutes(1)), new FieldSplit("status", 2)));

        Assert.Equal("""["500","200"]""", Searches()[1]["aggs"]!["time"]!["aggs"]!["split"]!["terms"]!["include"]!.ToJsonString());
        Assert.Equal(["500:3", "200:2"], result.Split!.Values.Select(v => $"{v.Key}:{v.Count}"));
        Assert.Equal(["0,2", "3,0", "0,0"], result.Buckets.Select(b => string.Join(',', b.Split!.Values.Select(v => v.Count))));
        Assert.Equal(0, result.Buckets[2].Count); // absent from the answer, filled as empty
    }

    [Fact]
    public async Task Cardinality_split_by_a_boolean_reads_true_and_false_and_asks_for_the_highest_precision()
    {
        Answering(FakeReply.Recorded("aggs-cardinality-boolean.json"));
        using var store = Store();

        var result = await store.AggregateAsync(new AggregationRequest(TwoMinutes(), AggregationMetric.Cardinality("host.name"),
            Split: new FieldSplit("cache_hit")));

        var aggs = Assert.Single(Searches())["aggs"]!;
        Assert.Equal("""{"cardinality":{"field":"host.name","precision_threshold":40000}}""", aggs["metric"]!.ToJsonString());
        Assert.Equal(10, (int)aggs["split"]!["terms"]!["size"]!);
        Assert.Equal(3, result.Metric.Value);
        Assert.Equal(["true:3:2", "false:2:1"], result.Split!.Values.Select(v => $"{v.Key}:{v.Count}:{v.Metric.Value}"));
        Assert.Equal((0L, 1L), (result.Split.OtherCount, result.Split.MissingCount));
    }

    [Fact]
    public async Task No_matching_index_gives_an_empty_result_with_every_bucket_and_null_metrics()
    {
        Answering(FakeReply.Recorded("search-empty.json"));
        using var store = Store();

        var result = await store.AggregateAsync(new AggregationRequest(TwoMinutes(), AggregationMetric.Avg("duration_ms"),
            new DateHistogramSplit(TimeSpan.FromMinutes(1)), new FieldSplit("log_level")));

        Assert.Equal(2, Searches().Count);
        Assert.Equal(0, result.Total);
        Assert.Null(result.Metric.Value);
        Assert.Empty(result.Split!.Values);
        Assert.Equal((0L, 0L), (result.Split.OtherCount, result.Split.MissingCount));
        Assert.Equal(3, result.Buckets.Count);
        Assert.All(result.Buckets, b =>
        {
            Assert.Equal(0, b.Count);
            Assert.Null(b.Metric.Value);
            Assert.Empty(b.Split!.Values);
        });
    }

    [Fact]
    public async Task A_keyword_metric_is_read_as_numbers_through_a_runtime_field_and_a_value_that_is_not_one_is_refused()
    {
        // order_id is a keyword in the older index of field-caps.json, so the store takes it as a keyword.
        Answering(FakeReply.Recorded("error-parse.json", 400));
        using var store = Store();

        var error = await Assert.ThrowsAsync<StoreRequestException>(() => store.AggregateAsync(new AggregationRequest(TwoMinutes(), AggregationMetric.Sum("order_id"))));

        Assert.StartsWith("sum needs numbers, but order_id is a keyword field", error.Message, StringComparison.Ordinal);
        var search = Assert.Single(Searches());
        Assert.Equal("""{"metric":{"sum":{"field":"console_metric_number"}}}""", search["aggs"]!.ToJsonString());
        var runtime = search["runtime_mappings"]!["console_metric_number"]!;
        Assert.Equal("double", (string)runtime["type"]!);
        Assert.Equal("order_id", (string)runtime["script"]!["params"]!["field"]!);
    }

    [Fact]
    public async Task A_count_without_a_split_or_histogram_asks_for_no_aggregation()
    {
        Answering(FakeReply.Recorded("aggs-split-terms.json"));
        using var store = Store();

        var result = await store.AggregateAsync(new AggregationRequest(TwoMinutes(), AggregationMetric.Count));

        Assert.Null(Assert.Single(Searches())["aggs"]);
        Assert.Equal(9, result.Total);
        Assert.Equal(9, result.Metric.Value);
        Assert.Null(result.Split);
        Assert.Empty(result.Buckets);
    }

    [Theory]
    [MemberData(nameof(LuceneLogStoreAggregationTests.Refusals), MemberType = typeof(LuceneLogStoreAggregationTests))]
    public async Task A_request_the_embedded_store_refuses_is_refused_with_the_same_reason_before_any_search(AggregationRequest request, string reason)
    {
        // The fields of the embedded test's store: tags keyword, bytes long, enabled boolean, message text.
        _es.Fake.On("GET", "/thebot-logs-*/_field_caps", FakeReply.Ok("""
            {
              "indices": [ "thebot-logs-2026.11.23" ],
              "fields": {
                "@timestamp": { "date": { "type": "date", "metadata_field": false, "searchable": true, "aggregatable": true } },
                "message": { "text": { "type": "text", "metadata_field": false, "searchable": true, "aggregatable": false } },
                "tags": { "keyword": { "type": "keyword", "metadata_field": false, "searchable": true, "aggregatable": true } },
                "bytes": { "long": { "type": "long", "metadata_field": false, "searchable": true, "aggregatable": true } },
                "enabled": { "boolean": { "type": "boolean", "metadata_field": false, "searchable": true, "aggregatable": true } }
              }
            }
            """));
        using var store = Store();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => store.AggregateAsync(request));

        Assert.True(error is StoreRequestException or Console.Shared.Query.QuerySyntaxException, error.ToString());
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Empty(Searches());
    }
}
