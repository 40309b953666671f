using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Console.Web.Tests.Support;

namespace Console.Web.Tests.Apis;

/// <summary><c>/api/saved-searches</c> over the whole console with its real SQLite database in a temp folder.</summary>
public sealed class SavedSearchesApiTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>
{
    private static readonly Uri Collection = new("/api/saved-searches", UriKind.Relative);
    private readonly HttpClient _client = factory.CreateClient();

    private static object Body(string name, string query = "log_level:ERROR", string? from = "now-1h", string[]? columns = null) =>
        new { name, index = "thebot-logs-*", query, from, to = "now", columns = columns ?? ["log_level", "message"] };

    private static string UniqueName(string prefix) => $"{prefix} {Guid.NewGuid():N}";

    private async Task<SavedSearchBody> CreateAsync(string name, string query = "log_level:ERROR")
    {
        var response = await _client.PostAsJsonAsync(Collection, Body(name, query));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SavedSearchBody>(ApiJson.Options))!;
    }

    private static async Task<JsonElement> ErrorOf(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task Post_stores_the_search_and_answers_201_with_its_location_and_discover_url()
    {
        var name = UniqueName("Errors of the last hour");
        var response = await _client.PostAsJsonAsync(Collection, Body(name, "log_level:ERROR AND service:django-backend"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<SavedSearchBody>(ApiJson.Options))!;
        Assert.Equal($"/api/saved-searches/{created.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(name, created.Name);
        Assert.Equal("thebot-logs-*", created.Index);
        Assert.Equal("log_level:ERROR AND service:django-backend", created.Query);
        Assert.Equal("now-1h", created.From);
        Assert.Equal("now", created.To);
        Assert.Equal(["log_level", "message"], created.Columns);
        Assert.Equal("/discover?index=thebot-logs-*&q=log_level%3AERROR%20AND%20service%3Adjango-backend&from=now-1h&to=now&columns=log_level,message", created.Url);
        // Times come from the console's clock (the test's FixedClock, which starts on 24 November 2026), in UTC.
        Assert.InRange(created.Created, factory.Clock.Start.UtcDateTime, factory.Clock.GetUtcNow().UtcDateTime);
        Assert.Equal(DateTimeKind.Utc, created.Created.Kind);

        var fetched = await _client.GetFromJsonAsync<SavedSearchBody>(new Uri($"/api/saved-searches/{created.Id}", UriKind.Relative), ApiJson.Options);
        List<string> same = []; // records compare lists by reference
        Assert.Equal(created with { Columns = same }, fetched! with { Columns = same });
        Assert.Equal(created.Columns, fetched.Columns);
    }

    [Fact]
    public async Task Missing_index_and_times_take_Discovers_defaults()
    {
        var response = await _client.PostAsJsonAsync(Collection, new { name = UniqueName("Defaults") });

        var created = (await response.Content.ReadFromJsonAsync<SavedSearchBody>(ApiJson.Options))!;
        Assert.Equal(("thebot-logs-*", "", "now-15m", "now"), (created.Index, created.Query, created.From, created.To));
        Assert.Empty(created.Columns);
    }

    [Fact]
    public async Task Get_lists_every_saved_search_by_name()
    {
        var prefix = Guid.NewGuid().ToString("N");
        await CreateAsync($"{prefix} b");
        await CreateAsync($"{prefix} a");

        var all = await _client.GetFromJsonAsync<List<SavedSearchBody>>(Collection, ApiJson.Options);

        Assert.Equal([$"{prefix} a", $"{prefix} b"], all!.Where(s => s.Name.StartsWith(prefix, StringComparison.Ordinal)).Select(s => s.Name));
    }

    [Fact]
    public async Task Put_replaces_the_search_and_keeps_its_id_and_creation_time()
    {
        var created = await CreateAsync(UniqueName("Before"));
        var renamed = UniqueName("After");

        var response = await _client.PutAsJsonAsync(new Uri($"/api/saved-searches/{created.Id}", UriKind.Relative), Body(renamed, "log_level:WARNING", "now-7d", ["logger"]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = (await response.Content.ReadFromJsonAsync<SavedSearchBody>(ApiJson.Options))!;
        Assert.Equal((created.Id, renamed, "log_level:WARNING", "now-7d"), (updated.Id, updated.Name, updated.Query, updated.From));
        Assert.Equal(["logger"], updated.Columns);
        Assert.Equal(created.Created, updated.Created);
        Assert.True(updated.Updated > created.Updated, $"updated {updated.Updated:O} is not after {created.Updated:O}");
    }

    [Fact]
    public async Task Delete_removes_the_search_then_answers_404()
    {
        var created = await CreateAsync(UniqueName("Short-lived"));
        var uri = new Uri($"/api/saved-searches/{created.Id}", UriKind.Relative);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync(uri)).StatusCode);

        await ErrorOf(await _client.GetAsync(uri), HttpStatusCode.NotFound);
        var again = await ErrorOf(await _client.DeleteAsync(uri), HttpStatusCode.NotFound);
        Assert.Equal($"no saved search with id {created.Id}", again.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Unknown_ids_are_404_with_a_reason()
    {
        var put = await ErrorOf(await _client.PutAsJsonAsync(new Uri("/api/saved-searches/987654", UriKind.Relative), Body(UniqueName("x"))), HttpStatusCode.NotFound);
        Assert.Equal("no saved search with id 987654", put.GetProperty("error").GetString());
        await ErrorOf(await _client.GetAsync(new Uri("/api/saved-searches/987654", UriKind.Relative)), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_name_taken_in_any_case_is_409()
    {
        var name = UniqueName("Slow requests");
        await CreateAsync(name);

        var error = await ErrorOf(await _client.PostAsJsonAsync(Collection, Body(name.ToUpperInvariant())), HttpStatusCode.Conflict);

        Assert.Contains("exists already", error.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renaming_onto_another_searchs_name_is_409_and_keeping_its_own_name_is_fine()
    {
        var first = await CreateAsync(UniqueName("First"));
        var second = await CreateAsync(UniqueName("Second"));
        var uri = new Uri($"/api/saved-searches/{second.Id}", UriKind.Relative);

        await ErrorOf(await _client.PutAsJsonAsync(uri, Body(first.Name)), HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, (await _client.PutAsJsonAsync(uri, Body(second.Name, "log_level:INFO"))).StatusCode);
    }

    [Theory]
    [InlineData("", "name: give the search a name")]
    [InlineData("   ", "name: give the search a name")]
    public async Task An_empty_name_is_400(string name, string expected)
    {
        var error = await ErrorOf(await _client.PostAsJsonAsync(Collection, Body(name)), HttpStatusCode.BadRequest);
        Assert.Equal(expected, error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_name_over_100_characters_is_400()
    {
        var error = await ErrorOf(await _client.PostAsJsonAsync(Collection, Body(new string('n', 101))), HttpStatusCode.BadRequest);
        Assert.Equal("name: at most 100 characters (101 given)", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_query_that_does_not_parse_is_400_with_the_position_like_the_search_api()
    {
        const string query = "log_level:(ERROR";
        var saved = await ErrorOf(await _client.PostAsJsonAsync(Collection, Body(UniqueName("Broken"), query)), HttpStatusCode.BadRequest);
        var searched = await ErrorOf(await _client.GetAsync(new Uri($"/api/search?q={Uri.EscapeDataString(query)}", UriKind.Relative)), HttpStatusCode.BadRequest);

        Assert.Equal(searched.GetProperty("error").GetString(), saved.GetProperty("error").GetString());
        Assert.Equal(searched.GetProperty("position").GetInt32(), saved.GetProperty("position").GetInt32());
    }

    [Theory]
    [InlineData("""{"name": "t", "from": "yesterday-ish"}""", "from:")]
    [InlineData("""{"name": "t", "from": "now", "to": "now-1h"}""", "is before from")]
    [InlineData("""{"name": "t", "index": "THEBOT logs"}""", "index pattern")]
    [InlineData("""{"name": "t", "columns": ["message", ""]}""", "columns:")]
    [InlineData("""{"name": 12}""", "not a valid saved search")]
    [InlineData("""[1, 2]""", "not a valid saved search")]
    [InlineData("""{"name": "t",""", "not a valid saved search")]
    [InlineData("null", "must be a JSON object")]
    public async Task Bad_bodies_are_400_with_a_reason(string json, string reason)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        var error = await ErrorOf(await _client.PostAsync(Collection, content), HttpStatusCode.BadRequest);

        var text = error.GetProperty("error").GetString();
        Assert.False(string.IsNullOrWhiteSpace(text));
        Assert.Contains(reason, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_400()
    {
        using var content = new StringContent("name=t", Encoding.UTF8, "application/x-www-form-urlencoded");
        var error = await ErrorOf(await _client.PostAsync(Collection, content), HttpStatusCode.BadRequest);
        Assert.Equal("the body must be JSON (Content-Type: application/json)", error.GetProperty("error").GetString());
    }
}
