using System.Text.Json.Nodes;
using Console.Shared.Storage;
using Console.Shared.Storage.Elasticsearch;
using Console.Shared.Storage.Elasticsearch.Client;
using Console.Shared.Storage.Lifecycle;
using Console.Shared.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Console.Shared.Tests.Storage.Elasticsearch;

/// <summary>The retention policies as ILM policies, index phases from <c>_ilm/explain</c>, force merge and cluster health.</summary>
public sealed class ElasticsearchLifecycleTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private FakeElasticsearchConnection _es = null!;
    private ElasticsearchLogStore _store = null!;

    public async Task InitializeAsync()
    {
        _es = await FakeElasticsearchConnection.StartAsync();
        _store = _es.Store();
    }

    public async Task DisposeAsync()
    {
        _store.Dispose();
        await _es.DisposeAsync();
        _directory.Dispose();
    }

    private RetentionPolicyStore Policies(params RetentionPolicy[] policies) => new(
        Options.Create(new LifecycleOptions { Policies = [.. policies] }), Options.Create(new StorageOptions { DataPath = _directory.Path }),
        NullLogger<RetentionPolicyStore>.Instance);

    [Fact]
    public async Task Each_retention_policy_becomes_an_ilm_policy_attached_to_its_pattern_most_specific_last()
    {
        var policies = Policies(
            new RetentionPolicy { Pattern = "thebot-*", WarmAfterDays = 3, ColdAfterDays = 10, DeleteAfterDays = null, WarmMaxSegments = 2 },
            new RetentionPolicy { Pattern = "thebot-logs-*", WarmAfterDays = 7, DeleteAfterDays = 30 });
        foreach (var path in new[] { "/_ilm/policy/console-logs-thebot", "/_ilm/policy/console-logs-thebot-logs", "/thebot-*/_settings", "/thebot-logs-*/_settings" })
        {
            _es.Fake.On("PUT", path, FakeReply.Recorded("acknowledged.json"));
        }

        using var lifecycle = new ElasticsearchLifecycle(_es.Client, policies, Options.Create(new ElasticsearchStoreOptions()), NullLogger<ElasticsearchLifecycle>.Instance);
        await lifecycle.ApplyAsync();

        Assert.Equal(["PUT /_ilm/policy/console-logs-thebot", "PUT /_ilm/policy/console-logs-thebot-logs", "PUT /thebot-*/_settings", "PUT /thebot-logs-*/_settings"],
            _es.Fake.Requests.Select(r => r.Method + " " + r.Path));
        Assert.Equal(
            """{"policy":{"phases":{"hot":{"min_age":"0ms","actions":{"set_priority":{"priority":100}}},"warm":{"min_age":"3d","actions":{"set_priority":{"priority":50},"readonly":{},"forcemerge":{"max_num_segments":2}}},"cold":{"min_age":"10d","actions":{"set_priority":{"priority":0},"readonly":{}}}}}}""",
            _es.Fake.Single("PUT", "/_ilm/policy/console-logs-thebot").Body);
        var seed = JsonNode.Parse(_es.Fake.Single("PUT", "/_ilm/policy/console-logs-thebot-logs").Body)!["policy"]!["phases"]!;
        Assert.Equal("7d", (string?)seed["warm"]!["min_age"]);
        Assert.Equal(1, (int)seed["warm"]!["actions"]!["forcemerge"]!["max_num_segments"]!);
        Assert.Equal("""{"min_age":"30d","actions":{"delete":{}}}""", seed["delete"]!.ToJsonString());
        Assert.Null(seed["cold"]);
        var attach = _es.Fake.Single("PUT", "/thebot-logs-*/_settings");
        Assert.Equal("""{"index.lifecycle.name":"console-logs-thebot-logs"}""", attach.Body);
        Assert.Contains("allow_no_indices=true", attach.Query, StringComparison.Ordinal);
        Assert.Equal("console-logs-thebot", lifecycle.PolicyNames["thebot-*"]);
    }

    [Fact]
    public void Policy_names_stay_unique_when_two_patterns_give_the_same_stem()
    {
        var names = ElasticsearchIndexTemplates.PolicyNames(new ElasticsearchStoreOptions(),
            [new RetentionPolicy { Pattern = "a-*" }, new RetentionPolicy { Pattern = "a*" }, new RetentionPolicy { Pattern = "*" }]);

        Assert.Equal(["console-logs-a", "console-logs-a-2", "console-logs-all"], names);
    }

    [Fact]
    public async Task Index_status_takes_each_phase_from_ilm_explain()
    {
        _es.Fake.On("GET", "/_cat/indices/*", FakeReply.Recorded("cat-indices-lifecycle.json"))
            .On("GET", "/*/_ilm/explain", FakeReply.Recorded("ilm-explain.json"));
        var admin = new ElasticsearchIndexAdministration(_es.Client, _store, Policies(), new FixedClock(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)));

        var statuses = await admin.ListIndexStatusAsync();

        Assert.Equal(["scratch-2026.11.30", "thebot-logs-2026.11.23", "thebot-logs-2026.11.30"], statuses.Select(s => s.Name));
        Assert.True(statuses[0] is { Phase: IndexPhase.Unmanaged, Policy: null, ReadOnly: false });
        Assert.True(statuses[1] is { Phase: IndexPhase.Warm, Policy: "thebot-logs-*", ReadOnly: true, DocCount: 1200, SizeBytes: 880000, Health: "green" });
        Assert.Equal(TimeSpan.FromDays(8), statuses[1].Age);
        Assert.True(statuses[2] is { Phase: IndexPhase.Hot, ReadOnly: false, Health: "yellow" });
    }

    [Fact]
    public async Task Force_merge_posts_the_segment_count_and_a_missing_index_is_false()
    {
        _es.Fake.On("POST", "/thebot-logs-2026.11.23/_forcemerge", FakeReply.Ok("""{"_shards":{"total":1,"successful":1,"failed":0}}"""))
            .On("POST", "/gone-2026.11.23/_forcemerge", FakeReply.Recorded("error-index-not-found.json", 404));
        var admin = new ElasticsearchIndexAdministration(_es.Client, _store, Policies(), TimeProvider.System);

        Assert.True(await admin.ForceMergeAsync("thebot-logs-2026.11.23", 1));
        Assert.False(await admin.ForceMergeAsync("gone-2026.11.23", 1));
        Assert.Equal("?max_num_segments=1", _es.Fake.Single("POST", "/thebot-logs-2026.11.23/_forcemerge").Query);
        await Assert.ThrowsAsync<StoreRequestException>(() => admin.ForceMergeAsync("thebot-logs-2026.11.23", 0));
    }

    [Fact]
    public async Task Store_health_is_the_cluster_health_with_the_reason_and_red_when_no_node_answers()
    {
        _es.Fake.On("GET", "/_cluster/health", FakeReply.Recorded("cluster-health.json"));
        var admin = new ElasticsearchIndexAdministration(_es.Client, _store, Policies(), TimeProvider.System);

        var yellow = await admin.CheckHealthAsync();

        Assert.Equal(HealthStatus.Yellow, yellow.Status);
        Assert.StartsWith("cluster testcluster is yellow:", Assert.Single(yellow.Reasons), StringComparison.Ordinal);
        Assert.Equal("testcluster", yellow.Details["cluster"]);

        using var unreachable = new ElasticsearchClient(new ElasticsearchClientOptions { Urls = [new Uri("http://127.0.0.1:1")] });
        var red = await new ElasticsearchIndexAdministration(unreachable, _store, Policies(), TimeProvider.System).CheckHealthAsync();
        Assert.Equal(HealthStatus.Red, red.Status);
        Assert.StartsWith("cluster health could not be read: Elasticsearch could not be reached: no node answered GET /_cluster/health (",
            Assert.Single(red.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_health_is_red_with_the_clusters_own_answer_when_it_answers_the_health_check_with_an_error()
    {
        // No master: the node is there and says why it cannot serve, which the reason must not call "cannot be reached".
        _es.Fake.On("GET", "/_cluster/health", new FakeReply(503,
            """{"error":{"root_cause":[{"type":"cluster_block_exception","reason":"blocked by: [SERVICE_UNAVAILABLE/2/no master];"}],"type":"cluster_block_exception","reason":"blocked by: [SERVICE_UNAVAILABLE/2/no master];"},"status":503}"""));
        var admin = new ElasticsearchIndexAdministration(_es.Client, _store, Policies(), TimeProvider.System);

        var red = await admin.CheckHealthAsync();

        Assert.Equal(HealthStatus.Red, red.Status);
        Assert.Equal("cluster health could not be read: Elasticsearch answered 503 cluster_block_exception: blocked by: [SERVICE_UNAVAILABLE/2/no master];",
            Assert.Single(red.Reasons));
    }
}
