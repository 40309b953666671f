using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Console.Web.Tests.Support;

namespace Console.Web.Tests.Lifecycle;

/// <summary>Retention policies, running the lifecycle, and force merges over HTTP (the console's clock stands at 24 November 2026).</summary>
public sealed class LifecycleApiTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string url, string? json = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative)) { Content = json is null ? null : Json(json) };
        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task IngestAsync(string indexBase, params string[] timestamps)
    {
        var lines = string.Join('\n', timestamps.Select((t, i) => $$"""{"@timestamp":"{{t}}","message":"event {{i}}"}"""));
        using var response = await _client.PostAsync(new Uri($"/api/ingest?index={indexBase}&refresh=wait_for", UriKind.Relative),
            new StringContent(lines, Encoding.UTF8, "application/x-ndjson"));
        response.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Policies_start_as_the_seeds_defaults()
    {
        var (status, body) = await SendAsync(HttpMethod.Get, "/api/lifecycle/policies");

        Assert.Equal(HttpStatusCode.OK, status);
        var first = body.GetProperty("policies")[0];
        Assert.Equal("thebot-logs-*", first.GetProperty("pattern").GetString());
        Assert.Equal(7, first.GetProperty("warm_after_days").GetInt32());
        Assert.Equal(30, first.GetProperty("delete_after_days").GetInt32());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("cold_after_days").ValueKind);
        Assert.Equal(1, first.GetProperty("warm_max_segments").GetInt32());
    }

    [Theory]
    [InlineData("""{"policies":[{"pattern":"x-*","warm_after_days":10,"delete_after_days":5}]}""", "policy 'x-*': delete after must be later than warm after (10 days)")]
    [InlineData("""{"policies":[{"pattern":"X Y"}]}""", "policy 'X Y': index pattern 'X Y' may hold only")]
    [InlineData("""{"policies":[{"pattern":"a-*"},{"pattern":"a-*"}]}""", "policy 'a-*': the pattern is used by another policy")]
    [InlineData("""{"policies":[{"pattern":"a-*","warm_after_days":"soon"}]}""", "the body is not a valid list of retention policies")]
    [InlineData("""{}""", "policies are missing")]
    public async Task Saving_invalid_policies_is_a_400_with_the_reason_and_changes_nothing(string json, string reason)
    {
        var (status, body) = await SendAsync(HttpMethod.Put, "/api/lifecycle/policies", json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(reason, body.GetProperty("error").GetString(), StringComparison.Ordinal);
        var (_, current) = await SendAsync(HttpMethod.Get, "/api/lifecycle/policies");
        Assert.DoesNotContain(current.GetProperty("policies").EnumerateArray(), p => p.GetProperty("pattern").GetString() is "x-*" or "a-*");
    }

    [Fact]
    public async Task Saved_policies_are_applied_by_a_run_warm_indices_are_merged_and_read_only_and_old_ones_deleted()
    {
        await IngestAsync("life", "2026-11-10T10:00:00Z", "2026-11-10T11:00:00Z");
        await IngestAsync("life", "2026-11-10T12:00:00Z"); // a second commit, so a second segment
        await IngestAsync("life", "2026-10-20T10:00:00Z", "2026-11-23T10:00:00Z");
        var (current, before) = await SendAsync(HttpMethod.Get, "/api/lifecycle/policies");
        Assert.Equal(HttpStatusCode.OK, current);
        var policies = before.GetProperty("policies").EnumerateArray().Select(p => JsonSerializer.Deserialize<Dictionary<string, object?>>(p.GetRawText())!).ToList();
        policies.Add(new Dictionary<string, object?> { ["pattern"] = "life-*", ["warm_after_days"] = 7, ["delete_after_days"] = 30, ["warm_max_segments"] = 1 });

        var (saved, savedBody) = await SendAsync(HttpMethod.Put, "/api/lifecycle/policies", JsonSerializer.Serialize(new { policies }));
        Assert.Equal(HttpStatusCode.OK, saved);
        Assert.EndsWith("policies.json", savedBody.GetProperty("source").GetString(), StringComparison.Ordinal);

        var (ran, run) = await SendAsync(HttpMethod.Post, "/api/lifecycle/run");

        Assert.Equal(HttpStatusCode.OK, ran);
        Assert.Contains("life-2026.11.10", run.GetProperty("warmed").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["life-2026.10.20"], run.GetProperty("deleted").EnumerateArray().Select(e => e.GetString()));
        var (_, indices) = await SendAsync(HttpMethod.Get, "/api/indices?index=life-*");
        var rows = indices.EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!);
        Assert.Equal(["life-2026.11.10", "life-2026.11.23"], rows.Keys.Order(StringComparer.Ordinal));
        var warm = rows["life-2026.11.10"];
        Assert.Equal("warm", warm.GetProperty("phase").GetString());
        Assert.True(warm.GetProperty("read_only").GetBoolean());
        Assert.Equal(1, warm.GetProperty("segments").GetInt32());
        Assert.Equal(3, warm.GetProperty("doc_count").GetInt64());
        Assert.Equal("life-*", warm.GetProperty("policy").GetString());
        Assert.Equal("hot", rows["life-2026.11.23"].GetProperty("phase").GetString());
        Assert.True(rows["life-2026.11.23"].GetProperty("age_days").GetDouble() >= 1);
    }

    [Fact]
    public async Task Force_merge_merges_one_index_and_refuses_bad_requests()
    {
        await IngestAsync("merge", "2026-11-20T10:00:00Z");
        await IngestAsync("merge", "2026-11-20T11:00:00Z");

        var (ok, merged) = await SendAsync(HttpMethod.Post, "/api/indices/merge-2026.11.20/forcemerge?max_num_segments=1");
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal("merge-2026.11.20", merged.GetProperty("index").GetString());
        var (_, indices) = await SendAsync(HttpMethod.Get, "/api/indices?index=merge-*");
        Assert.Equal(1, indices[0].GetProperty("segments").GetInt32());

        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Post, "/api/indices/nothing-2026.11.20/forcemerge")).Status);
        var (bad, error) = await SendAsync(HttpMethod.Post, "/api/indices/merge-2026.11.20/forcemerge?max_num_segments=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Equal("max_num_segments must be a whole number from 1 to 100", error.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Post, "/api/indices/BAD/forcemerge")).Status);
    }
}
