using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Console.Shared.Storage.Elasticsearch.Client;
using Console.Shared.Tests.Support;

namespace Console.Shared.Tests.Storage.Elasticsearch;

public sealed class ElasticsearchClientTests : IAsyncLifetime
{
    private FakeElasticsearch _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeElasticsearch.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private ElasticsearchClient Client(Action<ElasticsearchClientOptions>? configure = null)
    {
        var options = new ElasticsearchClientOptions { Urls = [_fake.Url] };
        configure?.Invoke(options);
        return new ElasticsearchClient(options);
    }

    [Fact]
    public async Task Bulk_sends_ndjson_index_actions_and_reads_item_results_in_order()
    {
        _fake.On("POST", "/_bulk", FakeReply.Recorded("bulk-mixed.json"));
        using var client = Client();

        var response = await client.BulkAsync([
            new BulkOperation("thebot-logs-2026.11.23", "a1", new JsonObject { ["message"] = "one" }),
            new BulkOperation("thebot-logs-2026.11.23", "a2", new JsonObject { ["host"] = new JsonObject { ["name"] = "web-1" } }),
            new BulkOperation("thebot-logs-2026.11.23", "a3", new JsonObject { ["message"] = "three" }),
        ]);

        var request = _fake.Single("POST", "/_bulk");
        Assert.Equal("application/x-ndjson", request.ContentType);
        Assert.EndsWith("\n", request.Body, StringComparison.Ordinal);
        var lines = request.Lines;
        Assert.Equal(6, lines.Count);
        Assert.Equal("""{"index":{"_index":"thebot-logs-2026.11.23","_id":"a1"}}""", lines[0].ToJsonString());
        Assert.Equal("one", (string?)lines[1]["message"]);
        Assert.Equal("a2", (string?)lines[2]["index"]!["_id"]);

        Assert.True(response.Errors);
        var results = response.Results.ToList();
        Assert.Equal([201, 400, 429], results.Select(r => r.Status));
        Assert.Equal("created", results[0].Result);
        Assert.Equal("document_parsing_exception", results[1].Error!.Type);
        Assert.Contains("Expected text at 1:41", results[1].Error!.Describe(), StringComparison.Ordinal);
        Assert.Equal("a3", results[2].Id);
    }

    [Fact]
    public async Task Basic_auth_is_sent_as_the_user_and_password()
    {
        _fake.On("GET", "/_cluster/health", FakeReply.Recorded("cluster-health.json"));
        using var client = Client(o => (o.Username, o.Password) = ("elastic", "s3cret:x"));

        var health = await client.ClusterHealthAsync();

        var header = _fake.Single("GET", "/_cluster/health").Headers["Authorization"];
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("elastic:s3cret:x")), header);
        Assert.Equal("yellow", health.Status);
        Assert.Equal(1, health.NumberOfNodes);
        Assert.Equal(1, health.UnassignedShards);
        Assert.Equal(50.0, health.ActiveShardsPercentAsNumber);
    }

    [Fact]
    public async Task An_api_key_wins_over_user_and_password()
    {
        _fake.On("GET", "/_cluster/health", FakeReply.Recorded("cluster-health.json"));
        using var client = Client(o => (o.ApiKey, o.Username, o.Password) = ("VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==", "elastic", "x"));

        await client.ClusterHealthAsync();

        Assert.Equal("ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==", _fake.Single("GET", "/_cluster/health").Headers["Authorization"]);
    }

    [Fact]
    public async Task No_credentials_send_no_authorization_header()
    {
        _fake.On("GET", "/_cluster/health", FakeReply.Recorded("cluster-health.json"));
        using var client = Client();

        await client.ClusterHealthAsync();

        Assert.False(_fake.Single("GET", "/_cluster/health").Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task Search_posts_the_body_in_snake_case_and_reads_hits_sort_values_and_the_pit_id()
    {
        _fake.On("POST", "/_search", FakeReply.Recorded("search-page.json"));
        using var client = Client();

        var response = await client.SearchAsync(null, new SearchBody
        {
            Query = new JsonObject { ["match_all"] = new JsonObject() },
            Size = 3,
            Sort = [new JsonObject { ["@timestamp"] = "desc" }],
            SearchAfter = [1795428004000L, 13],
            Pit = new PointInTimeReference("abc", "2m"),
            TrackTotalHits = true,
        });

        var body = _fake.Single("POST", "/_search").Json;
        Assert.Equal(
            """{"query":{"match_all":{}},"size":3,"sort":[{"@timestamp":"desc"}],"search_after":[1795428004000,13],"pit":{"id":"abc","keep_alive":"2m"},"track_total_hits":true}""",
            body.ToJsonString());
        Assert.Equal(3, response.Hits.Total!.Value);
        Assert.Equal("eq", response.Hits.Total.Relation);
        Assert.StartsWith("46ToAwMDaWR5", response.PitId, StringComparison.Ordinal);
        Assert.Equal(["e3", "e2", "e1"], response.Hits.Hits.Select(h => h.Id));
        Assert.Equal("Internal Server Error: /api/orders", (string?)response.Hits.Hits[0].Source!["message"]);
        Assert.Equal(1795428003000L, (long)response.Hits.Hits[0].Sort![0]!);
        Assert.Equal(["duration_ms"], response.Hits.Hits[1].Ignored!);
    }

    [Fact]
    public async Task Search_on_an_index_pattern_tolerates_missing_indices()
    {
        _fake.On("POST", "/thebot-logs-*,metrics-*/_search", FakeReply.Recorded("search-aggs.json"));
        using var client = Client();

        await client.SearchAsync("thebot-logs-*,metrics-*", new SearchBody { Size = 0 });

        var request = _fake.Single("POST", "/thebot-logs-*,metrics-*/_search");
        Assert.Contains("ignore_unavailable=true", request.Query, StringComparison.Ordinal);
        Assert.Contains("allow_no_indices=true", request.Query, StringComparison.Ordinal);
        Assert.Equal("""{"size":0}""", request.Body);
    }

    [Fact]
    public async Task Aggregations_are_read_by_the_shape_asked_for()
    {
        _fake.On("POST", "/thebot-logs-*/_search", FakeReply.Recorded("search-aggs.json"));
        using var client = Client();

        var response = await client.SearchAsync("thebot-logs-*", new SearchBody { Size = 0 });

        var histogram = response.Aggregation<DateHistogramAggregate>("histogram");
        Assert.Equal([1795428000000L, 1795428060000L], histogram.Buckets.Select(b => b.Key));
        Assert.Equal([4L, 3L], histogram.Buckets.Select(b => b.DocCount));
        var top = response.Aggregation<TermsAggregate>("top");
        Assert.Equal(["INFO", "ERROR"], top.Buckets.Select(b => b.KeyText));
        Assert.Equal(1, top.SumOtherDocCount);
        Assert.Equal(7, response.Aggregation<SingleBucketAggregate>("with_field").DocCount);
        Assert.Throws<ElasticsearchException>(() => response.Aggregation<TermsAggregate>("missing"));
    }

    [Fact]
    public async Task An_error_carries_the_status_type_and_reason()
    {
        _fake.On("POST", "/thebot-logs-*/_search", FakeReply.Recorded("error-parse.json", 400));
        using var client = Client();

        var error = await Assert.ThrowsAsync<ElasticsearchException>(() => client.SearchAsync("thebot-logs-*", new SearchBody()));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("search_phase_execution_exception", error.ErrorType);
        Assert.Equal("all shards failed", error.Reason);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task A_body_that_is_not_elasticsearch_json_still_gives_the_status_and_text()
    {
        _fake.On("GET", "/_cluster/health", new FakeReply(502, "<html>Bad Gateway</html>"));
        using var client = Client();

        var error = await Assert.ThrowsAsync<ElasticsearchException>(() => client.ClusterHealthAsync());

        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Null(error.ErrorType);
        Assert.Contains("Bad Gateway", error.Reason, StringComparison.Ordinal);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task Requests_fail_over_to_the_next_node_and_go_round_robin()
    {
        _fake.On("GET", "/_cluster/health", FakeReply.Recorded("cluster-health.json"));
        var dead = new Uri($"http://127.0.0.1:{FreePort()}/");
        using var client = Client(o => o.Urls = [dead, _fake.Url]);

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal("testcluster", (await client.ClusterHealthAsync()).ClusterName);
        }

        Assert.Equal(4, _fake.Requests.Count);
    }

    [Fact]
    public async Task An_answer_that_stalls_half_way_through_its_body_fails_as_transient_after_the_request_timeout()
    {
        // HttpClient's own timeout stops at the headers; the body is bounded too, or a stalled proxy holds the indexer.
        _fake.On("GET", "/_cluster/health", FakeReply.Recorded("cluster-health.json") with { StallMidBody = TimeSpan.FromMinutes(2) });
        using var client = Client(o => o.RequestTimeout = TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<ElasticsearchException>(() => client.ClusterHealthAsync().WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Null(error.StatusCode);
        Assert.True(error.IsTransient);
        Assert.Contains("GET /_cluster/health sent its headers but not the whole answer within 1 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_node_reachable_is_a_transient_error_without_status()
    {
        using var client = Client(o => o.Urls = [new Uri($"http://127.0.0.1:{FreePort()}/")]);

        var error = await Assert.ThrowsAsync<ElasticsearchException>(() => client.ClusterHealthAsync());

        Assert.Null(error.StatusCode);
        Assert.True(error.IsTransient);
        Assert.IsAssignableFrom<HttpRequestException>(error);
    }

    [Fact]
    public async Task Index_template_and_lifecycle_policy_are_put_with_their_typed_bodies()
    {
        _fake.On("PUT", "/_index_template/console-logs", FakeReply.Recorded("acknowledged.json"))
            .On("PUT", "/_ilm/policy/console-logs", FakeReply.Recorded("acknowledged.json"));
        using var client = Client();

        var template = new IndexTemplate(["thebot-logs-*"], 150,
            new IndexTemplateBody(new JsonObject { ["index.codec"] = "best_compression" }, new JsonObject { ["dynamic"] = true }));
        Assert.True((await client.PutIndexTemplateAsync("console-logs", template)).Acknowledged);
        var policy = new LifecyclePolicy(new LifecyclePolicyBody(new Dictionary<string, LifecyclePhase>
        {
            ["delete"] = new("30d", new JsonObject { ["delete"] = new JsonObject() }),
        }));
        Assert.True((await client.PutLifecyclePolicyAsync("console-logs", policy)).Acknowledged);

        Assert.Equal(
            """{"index_patterns":["thebot-logs-*"],"priority":150,"template":{"settings":{"index.codec":"best_compression"},"mappings":{"dynamic":true}}}""",
            _fake.Single("PUT", "/_index_template/console-logs").Body);
        Assert.Equal("""{"policy":{"phases":{"delete":{"min_age":"30d","actions":{"delete":{}}}}}}""", _fake.Single("PUT", "/_ilm/policy/console-logs").Body);
    }

    [Fact]
    public async Task Cat_indices_asks_for_json_in_bytes_and_reads_closed_indices()
    {
        _fake.On("GET", "/_cat/indices/thebot-logs-*", FakeReply.Recorded("cat-indices.json"));
        using var client = Client();

        var rows = await client.CatIndicesAsync("thebot-logs-*");

        var query = _fake.Single("GET", "/_cat/indices/thebot-logs-*").Query;
        Assert.Contains("format=json", query, StringComparison.Ordinal);
        Assert.Contains("bytes=b", query, StringComparison.Ordinal);
        Assert.Equal(3, rows.Count);
        Assert.Equal("1200", rows[0].DocsCount);
        Assert.Equal("88622", rows[0].StoreSize);
        Assert.Null(rows[2].DocsCount);
        Assert.Equal("close", rows[2].Status);
    }

    [Fact]
    public async Task Deleting_a_missing_index_is_false_not_an_error()
    {
        _fake.On("DELETE", "/thebot-logs-2020.01.01", FakeReply.Recorded("error-index-not-found.json", 404))
            .On("DELETE", "/thebot-logs-2026.11.23", FakeReply.Recorded("acknowledged.json"));
        using var client = Client();

        Assert.False(await client.DeleteIndexAsync("thebot-logs-2020.01.01"));
        Assert.True(await client.DeleteIndexAsync("thebot-logs-2026.11.23"));
    }

    [Fact]
    public async Task Index_not_found_elsewhere_is_an_error_with_its_type()
    {
        _fake.On("POST", "/thebot-logs-2020.01.01/_refresh", FakeReply.Recorded("error-index-not-found.json", 404));
        using var client = Client();

        var error = await Assert.ThrowsAsync<ElasticsearchException>(() => client.RefreshAsync("thebot-logs-2020.01.01"));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("index_not_found_exception", error.ErrorType);
        Assert.Equal("no such index [thebot-logs-2020.01.01]", error.Reason);
    }

    [Fact]
    public async Task Point_in_time_is_opened_with_its_keep_alive_and_closed_by_id()
    {
        _fake.On("POST", "/thebot-logs-*/_pit", FakeReply.Recorded("pit-open.json"))
            .On("DELETE", "/_pit", FakeReply.Ok("""{"succeeded": true, "num_freed": 1}"""));
        using var client = Client();

        var pit = await client.OpenPointInTimeAsync("thebot-logs-*", "2m");
        await client.ClosePointInTimeAsync(pit.Id);

        Assert.Equal("?keep_alive=2m&ignore_unavailable=true", _fake.Single("POST", "/thebot-logs-*/_pit").Query);
        Assert.Equal(pit.Id, (string?)_fake.Single("DELETE", "/_pit").Json["id"]);
    }

    [Fact]
    public async Task Field_caps_and_count_are_read()
    {
        _fake.On("GET", "/thebot-logs-*/_field_caps", FakeReply.Recorded("field-caps.json"))
            .On("POST", "/thebot-logs-*/_count", FakeReply.Recorded("count.json"));
        using var client = Client();

        var caps = await client.FieldCapsAsync("thebot-logs-*");
        var count = await client.CountAsync("thebot-logs-*", new JsonObject { ["match_all"] = new JsonObject() });

        Assert.Equal("double", caps.Fields["duration_ms"].Keys.Single());
        Assert.Equal(2, caps.Fields["order_id"].Count);
        Assert.Equal(42, count.Count);
        Assert.Equal("""{"query":{"match_all":{}}}""", _fake.Single("POST", "/thebot-logs-*/_count").Body);
    }

    [Fact]
    public async Task A_snapshot_repository_is_registered_with_its_type_and_settings()
    {
        _fake.On("PUT", "/_snapshot/backups", FakeReply.Recorded("acknowledged.json"));
        using var client = Client();

        var response = await client.PutSnapshotRepositoryAsync("backups", new SnapshotRepository("fs", new JsonObject { ["location"] = "/mnt/backups" }));

        Assert.True(response.Acknowledged);
        Assert.Equal("""{"type":"fs","settings":{"location":"/mnt/backups"}}""", _fake.Single("PUT", "/_snapshot/backups").Body);
    }

    [Fact]
    public async Task Snapshot_is_created_with_its_indices_and_waits_when_asked()
    {
        _fake.On("PUT", "/_snapshot/backups/console-2026.11.23", FakeReply.Recorded("snapshot-created.json"));
        using var client = Client();

        var response = await client.CreateSnapshotAsync("backups", "console-2026.11.23", new CreateSnapshotRequest("thebot-logs-*"), waitForCompletion: true);

        var request = _fake.Single("PUT", "/_snapshot/backups/console-2026.11.23");
        Assert.Contains("wait_for_completion=true", request.Query, StringComparison.Ordinal);
        Assert.Equal("""{"indices":"thebot-logs-*","include_global_state":false}""", request.Body);
        Assert.Equal("SUCCESS", response.Snapshot!.State);
        Assert.Equal(["thebot-logs-2026.11.23"], response.Snapshot.Indices!);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
