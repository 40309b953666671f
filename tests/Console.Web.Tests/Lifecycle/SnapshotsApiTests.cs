using System.Net;
using System.Text;
using System.Text.Json;
using Console.Web.Tests.Support;

namespace Console.Web.Tests.Lifecycle;

public sealed class SnapshotsApiTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string url, string? json = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative))
        {
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        };
        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<string> SearchAsync(string index) =>
        JsonSerializer.Serialize(JsonDocument.Parse(await _client.GetStringAsync(new Uri($"/api/search?index={index}&from=*&size=100", UriKind.Relative)))
            .RootElement.EnumerateObject().Where(p => p.Name != "took_ms").ToDictionary(p => p.Name, p => p.Value));

    private async Task<JsonElement> FinishedAsync(string name) =>
        (await Eventually.Get(() => SendAsync(HttpMethod.Get, $"/api/snapshots/{name}"),
            r => r.Status == HttpStatusCode.OK && r.Body.GetProperty("state").GetString() != "in_progress")).Body;

    [Fact]
    public async Task A_snapshot_restores_a_deleted_index_with_the_same_search_results_without_a_restart()
    {
        var lines = string.Join('\n', Enumerable.Range(0, 40).Select(i => $$"""{"@timestamp":"2026-11-21T10:{{i:00}}:00Z","level":"{{(i % 2 == 0 ? "ERROR" : "INFO")}}","message":"snapshot me {{i}}","n":{{i}}}"""));
        (await _client.PostAsync(new Uri("/api/ingest?index=snap&refresh=wait_for", UriKind.Relative), new StringContent(lines, Encoding.UTF8, "application/x-ndjson"))).EnsureSuccessStatusCode();
        var before = await SearchAsync("snap-*");

        var (accepted, started) = await SendAsync(HttpMethod.Post, "/api/snapshots", """{"name":"api-1","indices":["snap-*"]}""");
        Assert.Equal(HttpStatusCode.Accepted, accepted);
        Assert.Equal(["snap-2026.11.21"], started.GetProperty("indices").EnumerateArray().Select(e => e.GetString()));
        var done = await FinishedAsync("api-1");
        Assert.Equal("success", done.GetProperty("state").GetString());
        Assert.Equal(done.GetProperty("files_total").GetInt64(), done.GetProperty("files_done").GetInt64());
        Assert.True(done.GetProperty("bytes_total").GetInt64() > 0);
        var (_, list) = await SendAsync(HttpMethod.Get, "/api/snapshots");
        Assert.Contains(list.EnumerateArray(), s => s.GetProperty("name").GetString() == "api-1");

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, "/api/indices/snap-2026.11.21")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "/api/snapshots/api-1/restore")).Status);
        var (restoredStatus, restored) = await SendAsync(HttpMethod.Post, "/api/snapshots/api-1/restore");

        Assert.Equal(HttpStatusCode.OK, restoredStatus);
        Assert.Equal(["snap-2026.11.21"], restored.GetProperty("indices").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(before, await SearchAsync("snap-*"));
        var (progressStatus, progress) = await SendAsync(HttpMethod.Get, "/api/snapshots/api-1/restore");
        Assert.Equal(HttpStatusCode.OK, progressStatus);
        Assert.Equal("success", progress.GetProperty("state").GetString());
        Assert.Equal(["snap-2026.11.21"], progress.GetProperty("indices").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(restored.GetProperty("files").GetInt64(), progress.GetProperty("files_done").GetInt64());
        Assert.Equal(progress.GetProperty("files_total").GetInt64(), progress.GetProperty("files_done").GetInt64());
        Assert.Equal(restored.GetProperty("bytes").GetInt64(), progress.GetProperty("bytes_done").GetInt64());
        Assert.Equal(done.GetProperty("bytes_total").GetInt64(), progress.GetProperty("bytes_total").GetInt64());
        Assert.Equal(JsonValueKind.String, progress.GetProperty("finished_at").ValueKind);

        var (again, error) = await SendAsync(HttpMethod.Post, "/api/snapshots/api-1/restore", "{}");
        Assert.Equal(HttpStatusCode.BadRequest, again);
        Assert.StartsWith("index snap-2026.11.21 exists", error.GetProperty("error").GetString(), StringComparison.Ordinal);

        var (renamed, copy) = await SendAsync(HttpMethod.Post, "/api/snapshots/api-1/restore", """{"rename_pattern":"^(.+)$","rename_replacement":"copy-$1"}""");
        Assert.Equal(HttpStatusCode.OK, renamed);
        Assert.Equal(["copy-snap-2026.11.21"], copy.GetProperty("indices").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("\"total\":40", await SearchAsync("copy-snap-*"), StringComparison.Ordinal);

        Assert.Equal(["copy-snap-2026.11.21"], (await SendAsync(HttpMethod.Get, "/api/snapshots/api-1/restore")).Body.GetProperty("indices").EnumerateArray().Select(e => e.GetString()));

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, "/api/snapshots/api-1")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "/api/snapshots/api-1/restore")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Delete, "/api/snapshots/api-1")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "/api/snapshots/api-1")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Post, "/api/snapshots/api-1/restore")).Status);
    }

    [Theory]
    [InlineData("""{"indices":["snap-*"]}""", "snapshot name is empty")]
    [InlineData("""{"name":"Has Space","indices":["snap-*"]}""", "snapshot name 'Has Space' must be lowercase")]
    [InlineData("""{"name":"ok"}""", "indices must list at least one index name or pattern")]
    [InlineData("""{"name":"ok","indices":["UPPER"]}""", "index pattern 'UPPER' may hold only")]
    [InlineData("""{"name":"ok","indices":["nothing-here-*"]}""", "no index matches nothing-here-*")]
    [InlineData("""{"name":"ok","indices":"snap-*"}""", "the body is not a valid snapshot")]
    public async Task A_bad_snapshot_request_is_a_400_with_the_reason(string json, string reason)
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/api/snapshots", json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(reason, body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_restore_request_is_a_400_with_the_reason()
    {
        (await _client.PostAsync(new Uri("/api/ingest?index=badrestore&refresh=wait_for", UriKind.Relative),
            new StringContent("""{"@timestamp":"2026-11-21T10:00:00Z","message":"x"}""", Encoding.UTF8, "application/x-ndjson"))).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Post, "/api/snapshots", """{"name":"bad-restore","indices":["badrestore-*"]}""")).Status);
        await FinishedAsync("bad-restore");

        var (noPattern, e1) = await SendAsync(HttpMethod.Post, "/api/snapshots/bad-restore/restore", """{"rename_replacement":"x-$1"}""");
        var (badRegex, e2) = await SendAsync(HttpMethod.Post, "/api/snapshots/bad-restore/restore", """{"rename_pattern":"(unclosed","rename_replacement":"x"}""");
        var (unknown, e3) = await SendAsync(HttpMethod.Post, "/api/snapshots/bad-restore/restore", """{"indices":["other-2026.11.21"]}""");

        Assert.Equal((HttpStatusCode.BadRequest, "rename_replacement needs a rename_pattern"), (noPattern, e1.GetProperty("error").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, badRegex);
        Assert.StartsWith("rename_pattern is not a valid regular expression", e2.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknown);
        Assert.StartsWith("snapshot bad-restore holds no index other-2026.11.21", e3.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
