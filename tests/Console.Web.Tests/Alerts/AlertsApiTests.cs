using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static Console.Web.Tests.Support.ApiErrorBody;

namespace Console.Web.Tests.Alerts;

public sealed class AlertsApiTests(AlertsConsole console) : IClassFixture<AlertsConsole>
{
    private readonly HttpClient _client = console.CreateClient();

    [Fact]
    public async Task A_rule_is_created_read_listed_changed_and_deleted()
    {
        var created = await _client.PostAsJsonAsync("/api/alerts/rules", new { name = "5xx", kind = "CountThreshold", query = "http.status_code:>=500", threshold = 10 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var rule = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = rule.GetProperty("id").GetGuid();
        Assert.Equal($"/api/alerts/rules/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("thebot-logs-*", rule.GetProperty("index_pattern").GetString());
        Assert.Equal("00:05:00", rule.GetProperty("window").GetString());
        Assert.Equal("Above", rule.GetProperty("comparison").GetString());

        var changed = await _client.PutAsJsonAsync($"/api/alerts/rules/{id}", new { name = "5xx", kind = "CountThreshold", query = "http.status_code:>=500", threshold = 20, window = "00:10:00" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var read = await _client.GetFromJsonAsync<JsonElement>($"/api/alerts/rules/{id}");
        Assert.Equal(20, read.GetProperty("threshold").GetDouble());
        Assert.Equal("00:10:00", read.GetProperty("window").GetString());
        Assert.Contains((await _client.GetFromJsonAsync<JsonElement>("/api/alerts/rules")).EnumerateArray(), r => r.GetProperty("id").GetGuid() == id);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/alerts/rules/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/alerts/rules/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.DeleteAsync($"/api/alerts/rules/{id}")).StatusCode);
    }

    [Fact]
    public async Task Bad_rules_get_400_with_every_reason_and_a_taken_name_409()
    {
        var noKind = await _client.PostAsJsonAsync("/api/alerts/rules", new { name = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, noKind.StatusCode);
        Assert.Contains("kind is required", await ErrorOf(noKind), StringComparison.Ordinal);

        var bad = await _client.PostAsJsonAsync("/api/alerts/rules", new { name = "", kind = "Ratio", query = "log_level:(ERROR", threshold = 500 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var error = await ErrorOf(bad);
        Assert.Contains("needs a name", error, StringComparison.Ordinal);
        Assert.Contains("The query has an error", error, StringComparison.Ordinal);
        Assert.Contains("base query", error, StringComparison.Ordinal);
        Assert.Contains("percentage", error, StringComparison.Ordinal);

        var badKind = await _client.PostAsync("/api/alerts/rules", new StringContent("{\"name\":\"x\",\"kind\":\"Sometimes\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
        Assert.Contains("not a valid alert rule", await ErrorOf(badKind), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.PostAsync("/api/alerts/rules", new StringContent("name=x"))).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsJsonAsync("/api/alerts/rules", new { name = "Taken", kind = "Absence", query = "service:celery" })).StatusCode);
        var taken = await _client.PostAsJsonAsync("/api/alerts/rules", new { name = "taken", kind = "Absence", query = "service:celery" });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Contains("already exists", await ErrorOf(taken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snoozes_acknowledgements_and_maintenance_windows_check_their_input()
    {
        var missing = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostAsJsonAsync($"/api/alerts/rules/{missing}/snooze", new { until = console.Clock.GetUtcNow().AddHours(1) })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostAsync($"/api/alerts/rules/{missing}/acknowledge", null)).StatusCode);

        var created = await (await _client.PostAsJsonAsync("/api/alerts/rules", new { name = "quiet", kind = "Absence", query = "service:redis" })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        var past = await _client.PostAsJsonAsync($"/api/alerts/rules/{id}/snooze", new { until = console.Clock.GetUtcNow().AddHours(-1) });
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Contains("future", await ErrorOf(past), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.PostAsJsonAsync($"/api/alerts/rules/{id}/snooze", new { until = console.Clock.GetUtcNow().AddHours(1) })).StatusCode);
        Assert.Equal(JsonValueKind.String, (await _client.GetFromJsonAsync<JsonElement>($"/api/alerts/rules/{id}")).GetProperty("snoozed_until").ValueKind);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/alerts/rules/{id}/snooze")).StatusCode);
        Assert.Equal(JsonValueKind.Null, (await _client.GetFromJsonAsync<JsonElement>($"/api/alerts/rules/{id}")).GetProperty("snoozed_until").ValueKind);

        var backwards = await _client.PostAsJsonAsync("/api/alerts/maintenance-windows", new { name = "upgrade", starts = "2026-11-24T10:00:00Z", ends = "2026-11-24T09:00:00Z" });
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Contains("end after it starts", await ErrorOf(backwards), StringComparison.Ordinal);
        var unknownRule = await _client.PostAsJsonAsync("/api/alerts/maintenance-windows", new { name = "upgrade", starts = "2026-11-24T10:00:00Z", ends = "2026-11-24T11:00:00Z", rule_id = missing });
        Assert.Equal(HttpStatusCode.BadRequest, unknownRule.StatusCode);

        var window = await _client.PostAsJsonAsync("/api/alerts/maintenance-windows", new { name = "upgrade", starts = "2026-11-24T10:00:00Z", ends = "2026-11-24T11:00:00Z" });
        Assert.Equal(HttpStatusCode.Created, window.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync(window.Headers.Location)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync("/api/alerts/history?limit=0")).StatusCode);
    }
}
