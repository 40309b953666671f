using System.Net;
using System.Text.Json.Nodes;
using Console.Shared.Events;
using Console.Shared.Query;
using Console.Shared.Storage;
using Console.Shared.Storage.Elasticsearch;
using Console.Shared.Storage.Elasticsearch.Client;
using Console.Shared.Tests.Support;

namespace Console.Shared.Tests.Storage.Elasticsearch;

public sealed class ElasticsearchLogStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 5, 0, TimeSpan.Zero);
    private readonly FixedClock _clock = new(Now);
    private FakeElasticsearchConnection _es = null!;

    public async Task InitializeAsync() => _es = await FakeElasticsearchConnection.StartAsync();

    public async Task DisposeAsync() => await _es.DisposeAsync();

    private ElasticsearchLogStore Store(Action<ElasticsearchStoreOptions>? configure = null)
    {
        var options = new ElasticsearchStoreOptions { BulkInitialBackoff = TimeSpan.FromMilliseconds(1), BulkMaxBackoff = TimeSpan.FromMilliseconds(5) };
        configure?.Invoke(options);
        return _es.Store(options, _clock);
    }

    private static LogEvent Event(string id, string json) =>
        new(id, "thebot-logs-2026.11.23", new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero), (JsonObject)JsonNode.Parse(json)!);

    private FakeElasticsearch Installable() => _es.Fake
        .On("PUT", "/_index_template/console-logs", FakeReply.Recorded("acknowledged.json"))
        .On("PUT", "/_index_template/console-logs-deadletter", FakeReply.Recorded("acknowledged.json"));

    [Fact]
    public async Task The_first_write_installs_the_templates_once_then_bulks()
    {
        Installable().On("POST", "/_bulk", FakeReply.Recorded("bulk-ok.json"));
        using var store = Store();

        await store.IndexAsync([Event("a3", """{"message":"one"}""")]);
        await store.IndexAsync([Event("a3", """{"message":"one"}""")]);

        Assert.Equal(["PUT /_index_template/console-logs", "PUT /_index_template/console-logs-deadletter", "POST /_bulk", "POST /_bulk"],
            _es.Fake.Requests.Select(r => r.Method + " " + r.Path));
        var template = _es.Fake.Single("PUT", "/_index_template/console-logs").Json;
        Assert.Equal("""["thebot-logs-*","thebot-errors-*","metrics-*"]""", template["index_patterns"]!.ToJsonString());
        var settings = template["template"]!["settings"]!;
        Assert.Equal("best_compression", (string?)settings["index.codec"]);
        Assert.Equal("1s", (string?)settings["index.refresh_interval"]);
        Assert.Null(settings["index.lifecycle.name"]); // attached per retention policy by ElasticsearchLifecycle
        var mappings = template["template"]!["mappings"]!;
        Assert.False((bool)mappings["date_detection"]!);
        var properties = mappings["properties"]!;
        Assert.Equal("""{"type":"text","fields":{"raw":{"type":"keyword","ignore_above":4096}}}""", properties["message"]!.ToJsonString());
        Assert.Equal("""{"type":"keyword","ignore_above":1024}""", properties["log_level"]!.ToJsonString());
        Assert.Equal("date", (string?)properties["@timestamp"]!["type"]);
        Assert.Equal("double", (string?)properties["duration_ms"]!["type"]);
        Assert.Equal("long", (string?)properties["http.status_code"]!["type"]);
        Assert.Null(properties["_ignored"]);
        Assert.Equal(LogSchema.Known.Count - 1, properties.AsObject().Count);
    }

    [Fact]
    public async Task Nothing_is_written_while_the_templates_cannot_be_installed()
    {
        _es.Fake.On("PUT", "/_index_template/console-logs", new FakeReply(503, """{"error":{"type":"cluster_block_exception","reason":"blocked"},"status":503}"""));
        using var store = Store();

        var error = await Assert.ThrowsAsync<ElasticsearchException>(() => store.IndexAsync([Event("a1", """{"message":"x"}""")]));

        Assert.Equal("cluster_block_exception", error.ErrorType);
        Assert.DoesNotContain(_es.Fake.Requests, r => r.Path == "/_bulk");
    }

    [Fact]
    public async Task Mapping_errors_go_to_the_dead_letter_index_with_the_reason_and_items_refused_for_load_are_sent_again()
    {
        Installable().On("POST", "/_bulk", FakeReply.Recorded("bulk-mixed.json"), FakeReply.Recorded("bulk-ok.json"), FakeReply.Recorded("bulk-ok.json"));
        using var store = Store();

        var result = await store.IndexAsync([
            Event("a1", """{"message":"one"}"""),
            Event("a2", """{"message":"two","host":{"name":{"bad":true}}}"""),
            Event("a3", """{"message":"three"}"""),
        ]);

        Assert.Equal(2, result.Indexed);
        Assert.Equal(1, store.DeadLettered);
        var bulks = _es.Fake.Requests.Where(r => r.Path == "/_bulk").ToList();
        Assert.Equal(3, bulks.Count);
        var letter = bulks[1].Lines;
        Assert.Equal(2, letter.Count);
        Assert.Equal("console-deadletter-2026.11.23", (string?)letter[0]["index"]!["_index"]);
        Assert.Equal("a2", (string?)letter[0]["index"]!["_id"]);
        Assert.Equal("thebot-logs-2026.11.23", (string?)letter[1]["index"]);
        Assert.Equal(400, (int)letter[1]["status"]!);
        Assert.Equal("document_parsing_exception", (string?)letter[1]["error_type"]);
        Assert.Contains("failed to parse field [host.name]", (string?)letter[1]["reason"], StringComparison.Ordinal);
        Assert.Contains("Expected text at 1:41", (string?)letter[1]["reason"], StringComparison.Ordinal);
        Assert.Equal("two", (string?)JsonNode.Parse((string)letter[1]["event"]!)!["message"]);
        var retried = bulks[2].Lines;
        Assert.Equal(2, retried.Count);
        Assert.Equal("a3", (string?)retried[0]["index"]!["_id"]);
    }

    [Fact]
    public async Task A_bulk_refused_with_503_is_sent_again_with_backoff()
    {
        var unavailable = new FakeReply(503, """{"error":{"type":"unavailable_shards_exception","reason":"primary shard is not active"},"status":503}""");
        Installable().On("POST", "/_bulk", unavailable, unavailable, FakeReply.Recorded("bulk-ok.json"));
        using var store = Store();

        var result = await store.IndexAsync([Event("a3", """{"message":"x"}""")]);

        Assert.Equal(1, result.Indexed);
        Assert.Equal(3, _es.Fake.Requests.Count(r => r.Path == "/_bulk"));
    }

    [Fact]
    public async Task When_the_tries_run_out_the_batch_fails_as_an_http_error_so_the_ingest_worker_keeps_it()
    {
        Installable().On("POST", "/_bulk", FakeReply.Recorded("error-parse.json", 429) with { Body = """{"error":{"type":"es_rejected_execution_exception","reason":"queue full"},"status":429}""" });
        using var store = Store(o => o.BulkAttempts = 3);

        var error = await Assert.ThrowsAsync<ElasticsearchException>(() => store.IndexAsync([Event("a1", """{"message":"x"}""")]));

        Assert.IsAssignableFrom<HttpRequestException>(error);
        Assert.Equal("es_rejected_execution_exception", error.ErrorType);
        Assert.Equal(3, _es.Fake.Requests.Count(r => r.Path == "/_bulk"));
    }

    [Fact]
    public async Task Items_refused_for_load_are_sent_again_alone_and_never_dead_lettered_and_the_failure_names_them_and_their_error()
    {
        // A full write queue on one shard: a2 is refused with 429 every time, a1 is indexed the first time.
        Installable().On("POST", "/_bulk", request =>
        {
            var items = new JsonArray();
            foreach (var action in request.Lines.Where(l => l["index"] is not null))
            {
                var id = (string)action["index"]!["_id"]!;
                var item = new JsonObject { ["_index"] = "thebot-logs-2026.11.23", ["_id"] = id, ["status"] = id == "a2" ? 429 : 201 };
                if (id == "a2")
                {
                    item["error"] = new JsonObject { ["type"] = "es_rejected_execution_exception", ["reason"] = "shard_write_queue_full" };
                }

                items.Add(new JsonObject { ["index"] = item });
            }

            return FakeReply.Ok(new JsonObject { ["took"] = 1, ["errors"] = true, ["items"] = items }.ToJsonString());
        });
        using var store = Store(o => o.BulkAttempts = 3);

        var partial = await Assert.ThrowsAsync<PartiallyIndexedException>(() => store.IndexAsync([Event("a1", """{"message":"one"}"""), Event("a2", """{"message":"two"}""")]));

        // a1 is in: the caller sends a2 alone again.
        Assert.Equal(["a2"], partial.NotIndexed.Select(e => e.Id));
        Assert.Equal(1, partial.Indexed);
        var error = Assert.IsType<ElasticsearchException>(partial.InnerException);
        Assert.Equal(error.Message, partial.Message);
        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.True(error.IsTransient);
        Assert.Equal("es_rejected_execution_exception", error.ErrorType);
        Assert.Contains("1 of 1 events were refused for load (shard_write_queue_full)", error.Message, StringComparison.Ordinal);
        var bulks = _es.Fake.Requests.Where(r => r.Path == "/_bulk").Select(r => string.Join(",", r.Lines.Where(l => l["index"] is not null).Select(l => (string)l["index"]!["_id"]!))).ToList();
        Assert.Equal(["a1,a2", "a2", "a2"], bulks);
        Assert.Equal(0, store.DeadLettered);
    }

    [Fact]
    public async Task Search_opens_a_point_in_time_sorts_by_time_and_shard_doc_and_pages_with_the_cursor()
    {
        _es.Fake.On("GET", "/thebot-logs-*/_field_caps", FakeReply.Recorded("field-caps.json"))
            .On("POST", "/thebot-logs-*/_pit", FakeReply.Recorded("pit-open.json"))
            .On("POST", "/_search", FakeReply.Recorded("search-page.json"))
            .On("DELETE", "/_pit", FakeReply.Ok("""{"succeeded":true,"num_freed":1}"""));
        using var store = Store();
        var from = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
        var query = new LogQuery("thebot-logs-*", "log_level:ERROR", from, Now);

        var first = await store.SearchAsync(new SearchRequest(query, Size: 2));

        Assert.Contains("keep_alive=300s", _es.Fake.Single("POST", "/thebot-logs-*/_pit").Query, StringComparison.Ordinal);
        var body = _es.Fake.Single("POST", "/_search").Json;
        Assert.Equal(3, (int)body["size"]!);
        Assert.Equal("""[{"@timestamp":{"order":"desc"}},{"_shard_doc":"desc"}]""", body["sort"]!.ToJsonString());
        Assert.True((bool)body["track_total_hits"]!);
        Assert.StartsWith("46ToAwMDaWR5", (string?)body["pit"]!["id"], StringComparison.Ordinal);
        Assert.Null(body["search_after"]);
        Assert.Equal(
            """{"bool":{"filter":[{"term":{"log_level":{"value":"error","case_insensitive":true}}},{"range":{"@timestamp":{"gte":""" + from.ToUnixTimeMilliseconds()
            + ""","lte":""" + Now.ToUnixTimeMilliseconds() + ""","format":"epoch_millis"}}}]}}""",
            body["query"]!.ToJsonString());
        Assert.Equal(3, first.Total);
        Assert.Equal(["e3", "e2"], first.Hits.Select(h => h.Id));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1795428003000), first.Hits[0].Timestamp);
        Assert.Equal(["duration_ms"], first.Hits[1].Ignored);
        Assert.Equal("thebot-logs-2026.11.23", first.Hits[0].Index);
        Assert.NotNull(first.Next);
        Assert.DoesNotContain(_es.Fake.Requests, r => r.Method == "DELETE");

        var second = await store.SearchAsync(new SearchRequest(query, Size: 2, SearchAfter: first.Next));

        Assert.Single(_es.Fake.Requests, r => r.Path == "/thebot-logs-*/_pit"); // the cursor's point in time, not a new one
        var next = _es.Fake.Requests.Where(r => r.Path == "/_search").Last().Json;
        Assert.Equal("[1795428002000,11]", next["search_after"]!.ToJsonString());
        Assert.Equal(3, second.Total);
    }

    [Fact]
    public async Task The_last_page_closes_its_point_in_time()
    {
        _es.Fake.On("GET", "/thebot-logs-*/_field_caps", FakeReply.Recorded("field-caps.json"))
            .On("POST", "/thebot-logs-*/_pit", FakeReply.Recorded("pit-open.json"))
            .On("POST", "/_search", FakeReply.Recorded("search-page.json"))
            .On("DELETE", "/_pit", FakeReply.Ok("""{"succeeded":true,"num_freed":1}"""));
        using var store = Store();

        var page = await store.SearchAsync(new SearchRequest(new LogQuery("thebot-logs-*", null, null, null), Size: 50));

        Assert.Equal(3, page.Hits.Count);
        Assert.Null(page.Next);
        Assert.StartsWith("46ToAwMDaWR5", (string?)_es.Fake.Single("DELETE", "/_pit").Json["id"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_that_does_not_parse_is_refused_before_anything_is_searched()
    {
        _es.Fake.On("GET", "/thebot-logs-*/_field_caps", FakeReply.Recorded("field-caps.json"));
        using var store = Store();

        await Assert.ThrowsAsync<QuerySyntaxException>(() => store.SearchAsync(new SearchRequest(new LogQuery("thebot-logs-*", "status:[1 TO", null, null))));
        await Assert.ThrowsAsync<QuerySyntaxException>(() => store.CountAsync(new LogQuery("thebot-logs-*", "duration_ms:slow", null, null)));

        Assert.All(_es.Fake.Requests, r => Assert.EndsWith("/_field_caps", r.Path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cursor_that_is_not_ours_is_refused()
    {
        using var store = Store();

        await Assert.ThrowsAsync<StoreRequestException>(() => store.SearchAsync(new SearchRequest(new LogQuery("thebot-logs-*", null, null, null), SearchAfter: "bm90LWEtY3Vyc29y")));
    }

    [Fact]
    public async Task Count_posts_the_translated_query()
    {
        _es.Fake.On("GET", "/thebot-logs-*/_field_caps", FakeReply.Recorded("field-caps.json"))
            .On("POST", "/thebot-logs-*/_count", FakeReply.Recorded("count.json"));
        using var store = Store();

        var count = await store.CountAsync(new LogQuery("thebot-logs-*", "cache_hit:true", null, null));

        Assert.Equal(42, count);
        Assert.Equal("""{"query":{"bool":{"filter":[{"term":{"cache_hit":{"value":"true"}}}]}}}""", _es.Fake.Single("POST", "/thebot-logs-*/_count").Body);
    }

    [Fact]
    public async Task Histogram_asks_for_fixed_epoch_aligned_buckets_and_fills_the_empty_ones()
    {
        _es.Fake.On("GET", "/thebot-logs-*/_field_caps", FakeReply.Recorded("field-caps.json"))
            .On("POST", "/thebot-logs-*/_search", FakeReply.Recorded("search-aggs.json"));
        using var store = Store();
        var from = new DateTimeOffset(2026, 11, 23, 10, 0, 30, TimeSpan.Zero);

        var histogram = await store.HistogramAsync(new HistogramRequest(new LogQuery("thebot-logs-*", null, from, from.AddMinutes(2)), TimeSpan.FromMinutes(1)));

        var aggs = _es.Fake.Single("POST", "/thebot-logs-*/_search").Json["aggs"]!;
        Assert.Equal("""{"histogram":{"date_histogram":{"field":"@timestamp","fixed_interval":"60000ms","min_doc_count":1}}}""", aggs.ToJsonString());
        Assert.Equal(7, histogram.Total);
        Assert.Equal([4L, 3L, 0L], histogram.Buckets.Select(b => b.Count));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1795428000000), histogram.Buckets[0].Start);
    }

    [Fact]
    public async Task Top_values_count_every_value_over_all_composite_pages()
    {
        _es.Fake.On("GET", "/thebot-logs-*/_field_caps", FakeReply.Recorded("field-caps.json"))
            .On("POST", "/thebot-logs-*/_search", FakeReply.Recorded("composite-page1.json"), FakeReply.Recorded("composite-page2.json"), FakeReply.Recorded("composite-end.json"));
        using var store = Store();

        var top = await store.TopValuesAsync(new TopValuesRequest(new LogQuery("thebot-logs-*", null, null, null), "log_level", Size: 2));

        Assert.Equal([new TopValue("ERROR", 3), new TopValue("INFO", 3)], top.Values);
        Assert.Equal(9, top.Total);
        Assert.Equal(8, top.WithField);
        Assert.Equal(2, top.OtherCount);
        var searches = _es.Fake.Requests.Where(r => r.Path == "/thebot-logs-*/_search").Select(r => r.Json).ToList();
        Assert.Equal(3, searches.Count);
        Assert.Equal("""{"exists":{"field":"log_level"}}""", searches[0]["aggs"]!["with_field"]!["filter"]!.ToJsonString());
        Assert.Equal("""{"value":"INFO"}""", searches[1]["aggs"]!["values"]!["composite"]!["after"]!.ToJsonString());
        Assert.Equal("""{"value":"WARNING"}""", searches[2]["aggs"]!["values"]!["composite"]!["after"]!.ToJsonString());
    }

    [Fact]
    public async Task Sampled_top_values_ask_elasticsearch_to_terminate_after_the_sample()
    {
        _es.Fake.On("GET", "/thebot-logs-*/_field_caps", FakeReply.Recorded("field-caps.json"))
            .On("POST", "/thebot-logs-*/_search", FakeReply.Recorded("composite-page1.json"), FakeReply.Recorded("composite-page2.json"), FakeReply.Recorded("composite-end.json"));
        using var store = Store();

        var top = await store.TopValuesAsync(new TopValuesRequest(new LogQuery("thebot-logs-*", null, null, null), "log_level", Size: 2, SampleSize: 5));

        Assert.True(top.IsSample); // 9 counted ≥ 5: Elasticsearch stopped each shard at the sample
        var searches = _es.Fake.Requests.Where(r => r.Path == "/thebot-logs-*/_search").Select(r => r.Json).ToList();
        Assert.All(searches, body => Assert.Equal(5, body["terminate_after"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Top_values_of_a_text_field_are_refused_as_in_the_embedded_store()
    {
        _es.Fake.On("GET", "/thebot-logs-*/_field_caps", FakeReply.Recorded("field-caps.json"));
        using var store = Store();

        await Assert.ThrowsAsync<StoreRequestException>(() => store.TopValuesAsync(new TopValuesRequest(new LogQuery("thebot-logs-*", null, null, null), "message")));
    }

    [Fact]
    public async Task Fields_leave_out_metadata_objects_and_message_raw_and_a_conflict_takes_the_older_index_type()
    {
        _es.Fake.On("GET", "/thebot-logs-*/_field_caps", FakeReply.Recorded("field-caps.json"));
        using var store = Store();

        var fields = await store.GetFieldsAsync("thebot-logs-*");

        Assert.Equal(
            ["@timestamp:Date", "cache_hit:Boolean", "duration_ms:Double", "host.name:Keyword", "log_level:Keyword", "message:Text", "order_id:Keyword", "status:Long"],
            fields.Select(f => $"{f.Name}:{f.Type}"));
    }

    [Fact]
    public async Task Indices_are_listed_from_cat_indices_with_their_day_size_and_count()
    {
        _es.Fake.On("GET", "/_cat/indices/thebot-logs-*", FakeReply.Recorded("cat-indices.json"));
        using var store = Store();

        var indices = await store.ListIndicesAsync("thebot-logs-*");

        Assert.Equal(
            [
                new IndexInfo("thebot-logs-2026.11.22", 1200, 88622, new DateOnly(2026, 11, 22)),
                new IndexInfo("thebot-logs-2026.11.23", 34, 20180, new DateOnly(2026, 11, 23)),
                new IndexInfo("thebot-logs-archive", 0, 0, null),
            ],
            indices);
    }

    [Fact]
    public async Task Delete_takes_one_concrete_index_never_a_pattern()
    {
        _es.Fake.On("DELETE", "/thebot-logs-2026.11.22", FakeReply.Recorded("acknowledged.json"));
        using var store = Store();

        Assert.False(await store.DeleteIndexAsync("thebot-logs-*"));
        Assert.True(await store.DeleteIndexAsync("thebot-logs-2026.11.22"));
        Assert.Single(_es.Fake.Requests);
    }

    [Fact]
    public async Task Refresh_and_flush_name_the_indices_written_since_the_last_time()
    {
        Installable().On("POST", "/_bulk", FakeReply.Recorded("bulk-ok.json"))
            .On("POST", "/thebot-logs-2026.11.23/_refresh", FakeReply.Ok("{}"))
            .On("POST", "/thebot-logs-2026.11.23/_flush", FakeReply.Ok("{}"));
        using var store = Store();

        await store.RefreshAsync();
        await store.IndexAsync([Event("a3", """{"message":"x"}""")]);
        await store.RefreshAsync();
        await store.FlushAsync();
        await store.RefreshAsync();

        Assert.Single(_es.Fake.Requests, r => r.Path.EndsWith("/_refresh", StringComparison.Ordinal));
        _es.Fake.Single("POST", "/thebot-logs-2026.11.23/_flush");
    }
}
