using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Console.Web.Apis;
using Console.Web.Dashboards;
using Console.Web.Tests.Support;

namespace Console.Web.Tests.Dashboards;

/// <summary><c>/api/dashboards</c> over the whole console with its real SQLite database in a temp folder.</summary>
public sealed class DashboardsApiTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>
{
    private static readonly Uri Collection = new("/api/dashboards", UriKind.Relative);
    private readonly HttpClient _client = factory.CreateClient();

    private static object Panel(string title = "Errors", string type = "time_series", string query = "log_level:ERROR", string? metric = null,
        string? field = null, string? splitField = null, int? size = null) =>
        new { title, type, index = "thebot-logs-*", query, metric, field, split_field = splitField, size, width = 6 };

    private static object Body(string title, params object[] panels) => new { title, description = "made by a test", from = "now-1h", to = "now", refresh_seconds = 30, panels };

    private async Task<JsonElement> CreateAsync(object body)
    {
        var response = await _client.PostAsJsonAsync(Collection, body, ApiJson.Options);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement;
    }

    private static async Task<JsonElement> ErrorOf(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task The_five_built_in_dashboards_are_listed_read_only_with_their_panels()
    {
        var list = await _client.GetFromJsonAsync<JsonElement>(Collection);
        var builtIn = list.EnumerateArray().Where(d => d.GetProperty("built_in").GetBoolean()).ToList();
        string[] titles = ["Application", "Database", "Security events", "System health", "User activity"];
        Assert.Equal(titles, builtIn.Select(d => d.GetProperty("title").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(builtIn, d => Assert.True(d.GetProperty("panels").GetArrayLength() >= 4));
        var application = builtIn.Single(d => d.GetProperty("title").GetString() == "Application");
        var byStatus = application.GetProperty("panels").EnumerateArray().Single(p => p.GetProperty("title").GetString() == "Requests by status class");
        Assert.Equal("time_series", byStatus.GetProperty("type").GetString());
        Assert.Equal("http.status_code", byStatus.GetProperty("split_field").GetString());
        Assert.Equal(100, byStatus.GetProperty("split_interval").GetDouble());
    }

    [Fact]
    public async Task A_built_in_dashboard_cannot_be_changed_or_deleted_but_can_be_duplicated()
    {
        var list = await _client.GetFromJsonAsync<JsonElement>(Collection);
        var id = list.EnumerateArray().First(d => d.GetProperty("built_in").GetBoolean()).GetProperty("id").GetInt64();

        var put = await _client.PutAsJsonAsync($"/api/dashboards/{id}", Body("Changed", Panel()), ApiJson.Options);
        Assert.Contains("built-in", (await ErrorOf(put, HttpStatusCode.Conflict)).GetProperty("error").GetString(), StringComparison.Ordinal);
        await ErrorOf(await _client.DeleteAsync(new Uri($"/api/dashboards/{id}", UriKind.Relative)), HttpStatusCode.Conflict);

        var copy = await _client.PostAsync(new Uri($"/api/dashboards/{id}/duplicate", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Created, copy.StatusCode);
        var duplicate = await copy.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(duplicate.GetProperty("built_in").GetBoolean());
        Assert.EndsWith("(copy)", duplicate.GetProperty("title").GetString(), StringComparison.Ordinal);
        var original = await _client.GetFromJsonAsync<JsonElement>($"/api/dashboards/{id}");
        Assert.Equal(original.GetProperty("panels").GetArrayLength(), duplicate.GetProperty("panels").GetArrayLength());
    }

    [Fact]
    public async Task Create_read_update_and_delete_a_dashboard()
    {
        var created = await CreateAsync(Body("Checkout", Panel("5xx", "single_stat", "http.status_code:>=500"), Panel("By path", "bar", "*", splitField: "http.path", size: 7)));
        var id = created.GetProperty("id").GetInt64();
        Assert.Equal($"/dashboards/{id}", created.GetProperty("url").GetString());
        Assert.Equal(30, created.GetProperty("refresh_seconds").GetInt32());
        Assert.Equal(7, created.GetProperty("panels")[1].GetProperty("size").GetInt32());

        var fetched = await _client.GetFromJsonAsync<JsonElement>($"/api/dashboards/{id}");
        Assert.Equal("Checkout", fetched.GetProperty("title").GetString());
        Assert.Equal("count", fetched.GetProperty("panels")[0].GetProperty("metric").GetString());

        var put = await _client.PutAsJsonAsync($"/api/dashboards/{id}", Body("Checkout v2", Panel("p95", "percentiles", "*", field: "duration_ms")), ApiJson.Options);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var updated = await put.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Checkout v2", updated.GetProperty("title").GetString());
        Assert.Equal("percentiles", updated.GetProperty("panels")[0].GetProperty("metric").GetString());

        var search = await _client.GetFromJsonAsync<JsonElement>("/api/dashboards?search=checkout%20v2");
        Assert.Equal([id], search.EnumerateArray().Select(d => d.GetProperty("id").GetInt64()));

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync(new Uri($"/api/dashboards/{id}", UriKind.Relative))).StatusCode);
        await ErrorOf(await _client.GetAsync(new Uri($"/api/dashboards/{id}", UriKind.Relative)), HttpStatusCode.NotFound);
        await ErrorOf(await _client.DeleteAsync(new Uri($"/api/dashboards/{id}", UriKind.Relative)), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_ratio_panel_round_trips_as_metric_ratio_with_its_numerator_and_a_bad_one_is_refused()
    {
        var ratio = new { title = "5xx rate", type = "time_series", index = "thebot-logs-*", query = "event.dataset:django.requests", metric = "ratio",
            numerator = "http.status_code:>=500", split_field = "service" };
        var created = await CreateAsync(Body("Error rates", ratio));
        var panel = created.GetProperty("panels")[0];
        Assert.Equal("ratio", panel.GetProperty("metric").GetString());
        Assert.Equal("http.status_code:>=500", panel.GetProperty("numerator").GetString());

        var fetched = await _client.GetFromJsonAsync<JsonElement>($"/api/dashboards/{created.GetProperty("id").GetInt64()}");
        Assert.Equal("ratio", fetched.GetProperty("panels")[0].GetProperty("metric").GetString());

        var bad = await _client.PostAsJsonAsync(Collection, Body("Bad rate", ratio with { numerator = "http.status_code:>=500 AND (" }), ApiJson.Options);
        var error = await ErrorOf(bad, HttpStatusCode.BadRequest);
        Assert.Contains(error.GetProperty("errors").EnumerateArray(), e => e.GetProperty("path").GetString() == "panels[0].numerator");
    }

    [Fact]
    public async Task A_bad_dashboard_is_refused_with_every_reason_and_where()
    {
        var response = await _client.PostAsJsonAsync(Collection, new
        {
            title = "",
            refresh_seconds = 7,
            from = "now-banana",
            panels = new object[]
            {
                Panel("Broken query", query: "log_level:(ERROR"),
                Panel("Pie", "pie"),
                Panel("Too big", "bar", "*", splitField: "service", size: 500),
                Panel("Average of text", "single_stat", "*", metric: "avg", field: "message"),
                Panel("No split", "donut", "*"),
            },
        }, ApiJson.Options);

        var body = await ErrorOf(response, HttpStatusCode.BadRequest);
        var errors = body.GetProperty("errors").EnumerateArray().ToDictionary(e => e.GetProperty("path").GetString()!, e => e);
        Assert.Contains("title", errors.Keys);
        Assert.Contains("refresh_seconds", errors.Keys);
        Assert.Contains("from", errors.Keys);
        Assert.True(errors["panels[0].query"].GetProperty("position").GetInt32() >= 10);
        Assert.Contains("unknown panel type 'pie'", errors["panels[1].type"].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("between 1 and 50", errors["panels[2].size"].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("avg needs a numeric field", errors["panels[3].field"].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("panels[4].split_field", errors.Keys);
        Assert.StartsWith("title: give the dashboard a title", body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_400_with_the_reason()
    {
        using var content = new StringContent("{\"title\": ", Encoding.UTF8, "application/json");
        var body = await ErrorOf(await _client.PostAsync(Collection, content), HttpStatusCode.BadRequest);
        Assert.Contains("not a valid dashboard", body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_gives_a_file_that_imports_as_a_new_dashboard_with_the_same_panels()
    {
        var created = await CreateAsync(Body("To export", Panel("Errors by service", "donut", "log_level:ERROR", splitField: "service"), Panel("Latest", "table", "*")));
        var id = created.GetProperty("id").GetInt64();

        var export = await _client.GetAsync(new Uri($"/api/dashboards/{id}/export", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("to-export.dashboard.json", export.Content.Headers.ContentDisposition?.FileNameStar ?? export.Content.Headers.ContentDisposition?.FileName);
        var file = await export.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(file);
        Assert.Equal(1, json.RootElement.GetProperty("version").GetInt32());
        Assert.False(json.RootElement.TryGetProperty("id", out _));

        using var content = new StringContent(file, Encoding.UTF8, "application/json");
        var import = await _client.PostAsync(new Uri("/api/dashboards/import", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.Created, import.StatusCode);
        var imported = await import.Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual(id, imported.GetProperty("id").GetInt64());
        Assert.Equal("To export", imported.GetProperty("title").GetString());
        Assert.Equal(created.GetProperty("panels").GetRawText(), imported.GetProperty("panels").GetRawText());
    }

    [Fact]
    public async Task Import_refuses_a_file_of_a_newer_version_or_with_a_bad_panel()
    {
        using var newer = new StringContent("{\"version\": 2, \"title\": \"From the future\"}", Encoding.UTF8, "application/json");
        var body = await ErrorOf(await _client.PostAsync(new Uri("/api/dashboards/import", UriKind.Relative), newer), HttpStatusCode.BadRequest);
        Assert.Contains("version 2", body.GetProperty("error").GetString(), StringComparison.Ordinal);

        using var badPanel = new StringContent("{\"version\": 1, \"title\": \"T\", \"panels\": [{\"title\": \"x\", \"type\": \"bar\", \"split_field\": \"service\", \"metric\": \"median\"}]}",
            Encoding.UTF8, "application/json");
        body = await ErrorOf(await _client.PostAsync(new Uri("/api/dashboards/import", UriKind.Relative), badPanel), HttpStatusCode.BadRequest);
        Assert.Contains("panels[0].metric: unknown metric 'median'", body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void File_names_of_exports_are_made_of_the_title()
    {
        Assert.Equal("system-health.dashboard.json", DashboardsApi.FileNameOf("System health"));
        Assert.Equal("a-b.dashboard.json", DashboardsApi.FileNameOf("  A / b!! "));
        Assert.Equal("dashboard.dashboard.json", DashboardsApi.FileNameOf("ÄÖ"));
    }

    [Fact]
    public async Task Dashboards_survive_a_restart_and_built_in_ones_are_not_seeded_twice()
    {
        var dataPath = Directory.CreateTempSubdirectory("console-dashboards-restart-").FullName;
        try
        {
            long id;
            await using (var first = new ConsoleFactory())
            {
                first.Settings["Storage:DataPath"] = dataPath;
                using var client = first.CreateClient();
                var response = await client.PostAsJsonAsync(Collection, Body("Kept", Panel()), ApiJson.Options);
                id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
            }

            await using var second = new ConsoleFactory();
            second.Settings["Storage:DataPath"] = dataPath;
            using var again = second.CreateClient();
            var list = (await again.GetFromJsonAsync<JsonElement>(Collection)).EnumerateArray().ToList();
            Assert.Equal(BuiltInDashboards.All.Count, list.Count(d => d.GetProperty("built_in").GetBoolean()));
            Assert.Equal("Kept", list.Single(d => d.GetProperty("id").GetInt64() == id).GetProperty("title").GetString());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataPath, recursive: true);
        }
    }
}
