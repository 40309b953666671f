using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Console.Web.Tests.Faults.Io;
using Console.Web.Tests.Support;

namespace Console.Web.Tests.Ingest;

/// <summary>
/// <c>refresh=wait_for</c> while the store fails: the request is answered at once, 200 (its events are durable and will
/// be indexed; resending would duplicate them) with <c>not_searchable</c> saying why, never left waiting for a store that
/// may stay down; once the store is back the events are searchable once and a new wait succeeds as before.
/// </summary>
public sealed class WaitForSearchableStoreFailureTests : IDisposable
{
    private readonly OutageStoreConsole _console = new();

    public void Dispose() => _console.Dispose();

    [Theory]
    [InlineData("refresh", "the store's refresh failed")]
    [InlineData("index", "store index failing")]
    public async Task A_wait_for_request_is_answered_with_the_reason_while_the_store_fails_and_its_events_are_indexed_after(string failing, string reason)
    {
        using var client = _console.CreateClient();
        // Before the fix the request waited for a refresh that only a later batch would bring (none came): the client gave up.
        client.Timeout = TimeSpan.FromSeconds(30);
        var index = "waitfail" + failing;
        await WaitForAsync(client, index, 1); // the store works: searchable, no reason
        _console.Store.Fail(failing);

        var answer = await PostAsync(client, index, 2);

        Assert.Equal(1, answer.GetProperty("accepted").GetInt64());
        var notSearchable = answer.GetProperty("not_searchable").GetString()!;
        Assert.Contains(reason, notSearchable, StringComparison.Ordinal);
        Assert.Contains("accepted (durable in the ingest queue)", notSearchable, StringComparison.Ordinal);

        _console.Store.Recover();
        // The indexer retries with back-off; until its next attempt succeeds a wait is still answered "not searchable".
        await Eventually.Get(
            () => client.GetFromJsonAsync<JsonElement>("/api/health"),
            h => !h.GetProperty("reasons").EnumerateArray().Any(r => r.GetString()!.StartsWith("indexer:", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(60));
        await WaitForAsync(client, index, 3);
        await EventChecker.VerifyAsync(client, index + "-*", [1, 2, 3], TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task A_bulk_wait_for_request_is_answered_as_accepted_while_refreshes_fail()
    {
        using var client = _console.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(30);
        _console.Store.Fail("refresh");

        var body = "{\"index\":{}}\n" + NumberedEvents.Line(7) + "\n";
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/x-ndjson");
        var response = await client.PostAsync(new Uri("/waitfailbulk/_bulk?refresh=wait_for", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var item = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items")[0].GetProperty("index");
        Assert.Equal(201, item.GetProperty("status").GetInt32());

        _console.Store.Recover();
        await EventChecker.VerifyAsync(client, "waitfailbulk-*", [7], TimeSpan.FromSeconds(60));
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string index, int seq)
    {
        var response = await client.PostAsync(new Uri($"/api/ingest?index={index}&refresh=wait_for", UriKind.Relative), NumberedEvents.Content(seq, 1));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>A wait that succeeds: answered without a reason, and the event is searchable right after.</summary>
    private static async Task WaitForAsync(HttpClient client, string index, int seq)
    {
        var answer = await PostAsync(client, index, seq);
        Assert.False(answer.TryGetProperty("not_searchable", out var reason), $"not searchable: {reason}");
        Assert.Equal(1, await EventChecker.CountAsync(client, index + "-*", $"seq:{seq}"));
    }
}
