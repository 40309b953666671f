using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Console.Web.Alerts.Evaluation;
using Console.Web.Alerts.Notifications.Delivery;
using Console.Web.Alerts.Rules;
using Console.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Console.Web.Tests.Support.ApiErrorBody;

namespace Console.Web.Tests.Alerts;

/// <summary>
/// Metric threshold rules, the 24 h preview, suppressed notifications in the delivery log and the channel routes, over
/// the HTTP API of a console whose clock stands at 2026-11-24 00:00 UTC.
/// </summary>
public sealed class MetricRulesAndPreviewApiTests(AlertsConsole console) : IClassFixture<AlertsConsole>
{
    // Twenty requests from 23:30:00, one a second, taking 0, 100, ..., 1900 ms.
    private static readonly DateTimeOffset Burst = new(2026, 11, 23, 23, 30, 0, TimeSpan.Zero);
    private readonly HttpClient _client = console.CreateClient();

    private async Task IngestAsync(string service)
    {
        var lines = Enumerable.Range(0, 20).Select(i => JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["@timestamp"] = Burst.AddSeconds(i).ToString("O"),
            ["log_level"] = i % 4 == 0 ? "ERROR" : "INFO",
            ["service"] = service,
            ["message"] = $"GET /api/lessons/ {i}",
            ["duration_ms"] = i * 100.0,
        }));
        var response = await _client.PostAsync("/api/ingest?index=thebot-logs&refresh=wait_for", new StringContent(string.Join('\n', lines), Encoding.UTF8, "application/x-ndjson"));
        response.EnsureSuccessStatusCode();
    }

    private async Task<Guid> CreateAsync(object body)
    {
        var response = await _client.PostAsJsonAsync("/api/alerts/rules", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task A_p95_rule_is_saved_with_its_field_and_fires_on_the_requests_p95()
    {
        await IngestAsync("checkout-api");
        var id = await CreateAsync(new
        {
            name = "checkout p95", kind = "MetricThreshold", query = "service:checkout-api", metric_field = "duration_ms", aggregation = "P95", threshold = 500, window = "00:05:00",
        });
        var saved = await _client.GetFromJsonAsync<JsonElement>($"/api/alerts/rules/{id}");
        Assert.Equal("duration_ms", saved.GetProperty("metric_field").GetString());
        Assert.Equal("P95", saved.GetProperty("aggregation").GetString());

        var rule = (await console.Services.GetRequiredService<AlertRuleService>().FindAsync(id))!;
        await console.Services.GetRequiredService<RuleEvaluationService>().EvaluateAsync(rule, Burst.AddMinutes(1), default);

        var fired = Assert.Single(console.Notifier.Sent, n => n.Rule.Id == id);
        Assert.Equal(AlertState.Firing, fired.Transition.To);
        Assert.Equal(RuleEvaluatorCorpusTests.Percentile(Enumerable.Range(0, 20).Select(i => i * 100.0), 95), fired.Transition.Value);
        Assert.Equal("p95(duration_ms)", MetricAggregations.Describe(rule));
    }

    [Fact]
    public async Task A_metric_rule_without_data_keeps_its_state_resolves_alerts_or_counts_zero_as_its_no_data_option_says()
    {
        await IngestAsync("no-data-api");
        var scheduler = console.Services.GetRequiredService<RuleEvaluationService>();
        var rules = console.Services.GetRequiredService<AlertRuleService>();
        async Task<Guid> RunAsync(string name, string? noData, double threshold, string comparison = "Above")
        {
            var id = await CreateAsync(new
            {
                name, kind = "MetricThreshold", query = "service:no-data-api", metric_field = "duration_ms", aggregation = "P95", comparison, threshold,
                window = "00:05:00", no_data = noData,
            });
            var rule = (await rules.FindAsync(id))!;
            await scheduler.EvaluateAsync(rule, Burst.AddMinutes(1), default); // the burst's p95
            await scheduler.EvaluateAsync(rule, Burst.AddHours(1), default); // no request in the window
            return id;
        }

        List<(AlertState To, double? Value)> Notified(Guid id) =>
            console.Notifier.Sent.Where(n => n.Rule.Id == id).Select(n => (n.Transition.To, n.Transition.Value)).ToList();

        var p95 = RuleEvaluatorCorpusTests.Percentile(Enumerable.Range(0, 20).Select(i => i * 100.0), 95);
        var kept = await RunAsync("no data keeps", null, 500);
        Assert.Equal([(AlertState.Firing, (double?)p95)], Notified(kept));
        Assert.Equal("KeepLastState", (await _client.GetFromJsonAsync<JsonElement>($"/api/alerts/rules/{kept}")).GetProperty("no_data").GetString());

        var ok = await RunAsync("no data is ok", "Ok", 500);
        Assert.Equal([(AlertState.Firing, (double?)p95), (AlertState.Resolved, null)], Notified(ok));
        Assert.Equal("Ok", (await _client.GetFromJsonAsync<JsonElement>($"/api/alerts/rules/{ok}")).GetProperty("no_data").GetString());

        var alerting = await RunAsync("no data alerts", "Alerting", 5000);
        Assert.Equal([(AlertState.Firing, null)], Notified(alerting));

        var zero = await RunAsync("no data is zero", "TreatAsZero", 1, "Below");
        Assert.Equal([(AlertState.Firing, 0.0)], Notified(zero));
    }

    [Fact]
    public async Task No_data_handling_is_checked_and_the_preview_follows_it()
    {
        var count = await _client.PostAsJsonAsync("/api/alerts/rules", new { name = "count no data", kind = "CountThreshold", threshold = 5, no_data = "Alerting" });
        Assert.Equal(HttpStatusCode.BadRequest, count.StatusCode);
        Assert.Contains("applies to metric threshold and ratio rules", await ErrorOf(count), StringComparison.Ordinal);
        var unknown = await _client.PostAsync("/api/alerts/rules", new StringContent(
            "{\"name\":\"m5\",\"kind\":\"MetricThreshold\",\"metric_field\":\"duration_ms\",\"no_data\":\"Panic\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);

        await IngestAsync("no-data-preview");
        var response = await _client.PostAsJsonAsync("/api/alerts/rules/preview", new
        {
            kind = "MetricThreshold", query = "service:no-data-preview", metric_field = "duration_ms", aggregation = "P95", threshold = 500, window = "00:05:00", no_data = "Ok",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var series = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("series")[0];
        // Fires with the first window that holds the burst (23:31) and resolves with the first that holds none of it (23:36).
        Assert.Equal([new DateTimeOffset(2026, 11, 23, 23, 31, 0, TimeSpan.Zero)], series.GetProperty("fires_at").EnumerateArray().Select(e => e.GetDateTimeOffset()).ToList());
        Assert.Equal([new DateTimeOffset(2026, 11, 23, 23, 36, 0, TimeSpan.Zero)], series.GetProperty("resolves_at").EnumerateArray().Select(e => e.GetDateTimeOffset()).ToList());
    }

    [Fact]
    public async Task Metric_rules_need_a_numeric_field()
    {
        var noField = await _client.PostAsJsonAsync("/api/alerts/rules", new { name = "m1", kind = "MetricThreshold", threshold = 5 });
        Assert.Equal(HttpStatusCode.BadRequest, noField.StatusCode);
        Assert.Contains("needs the numeric field", await ErrorOf(noField), StringComparison.Ordinal);

        var text = await _client.PostAsJsonAsync("/api/alerts/rules", new { name = "m2", kind = "MetricThreshold", metric_field = "message", aggregation = "Avg", threshold = 5 });
        Assert.Equal(HttpStatusCode.BadRequest, text.StatusCode);
        Assert.Contains("message is a text field; a metric rule needs a numeric field", await ErrorOf(text), StringComparison.Ordinal);

        var badAggregation = await _client.PostAsync("/api/alerts/rules", new StringContent(
            "{\"name\":\"m3\",\"kind\":\"MetricThreshold\",\"metric_field\":\"duration_ms\",\"aggregation\":\"p42\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, badAggregation.StatusCode);

        // A field no event has had yet may be named (the rule can be written before the service logs it); so may a negative threshold.
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsJsonAsync("/api/alerts/rules", new
        {
            name = "m4", kind = "MetricThreshold", metric_field = "queue.lag_seconds", aggregation = "Max", comparison = "Below", threshold = -5,
        })).StatusCode);
    }

    [Fact]
    public async Task The_preview_gives_a_point_per_minute_with_the_threshold_and_when_the_rule_would_have_fired()
    {
        await IngestAsync("preview-api");

        var response = await _client.PostAsJsonAsync("/api/alerts/rules/preview", new
        {
            kind = "MetricThreshold", query = "service:preview-api", metric_field = "duration_ms", aggregation = "P95", threshold = 500, window = "00:05:00",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("00:01:00", preview.GetProperty("step").GetString());
        Assert.Equal(500, preview.GetProperty("threshold").GetDouble());
        Assert.Equal("p95(duration_ms)", preview.GetProperty("metric").GetString());
        var series = Assert.Single(preview.GetProperty("series").EnumerateArray().ToList());
        Assert.Equal(1440, series.GetProperty("points").GetArrayLength());
        // The first window holding the burst ends at 23:31; after it no request has a duration, so the state stands.
        Assert.Equal([new DateTimeOffset(2026, 11, 23, 23, 31, 0, TimeSpan.Zero)], series.GetProperty("fires_at").EnumerateArray().Select(e => e.GetDateTimeOffset()).ToList());
        Assert.Empty(series.GetProperty("resolves_at").EnumerateArray());

        var count = await (await _client.PostAsJsonAsync("/api/alerts/rules/preview", new
        {
            kind = "CountThreshold", query = "service:preview-api AND log_level:ERROR", threshold = 4, window = "00:05:00", pending_for = "00:02:00",
        })).Content.ReadFromJsonAsync<JsonElement>();
        var counts = count.GetProperty("series")[0];
        // Five errors for five minutes from 23:31; with two minutes pending it fires at 23:33 and resolves at 23:36, the first window without them.
        Assert.Equal([new DateTimeOffset(2026, 11, 23, 23, 33, 0, TimeSpan.Zero)], counts.GetProperty("fires_at").EnumerateArray().Select(e => e.GetDateTimeOffset()).ToList());
        Assert.Equal([new DateTimeOffset(2026, 11, 23, 23, 36, 0, TimeSpan.Zero)], counts.GetProperty("resolves_at").EnumerateArray().Select(e => e.GetDateTimeOffset()).ToList());
    }

    [Fact]
    public async Task A_preview_of_a_bad_rule_is_a_400_with_the_reason()
    {
        var badQuery = await _client.PostAsJsonAsync("/api/alerts/rules/preview", new { kind = "CountThreshold", query = "log_level:(ERROR", threshold = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, badQuery.StatusCode);
        Assert.Contains("at character", await ErrorOf(badQuery), StringComparison.Ordinal);

        var tooFine = await _client.PostAsJsonAsync("/api/alerts/rules/preview", new { kind = "CountThreshold", query = "", threshold = 1, window = "00:00:01.001" });
        Assert.Equal(HttpStatusCode.BadRequest, tooFine.StatusCode);
        Assert.Contains("store requests", await ErrorOf(tooFine), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.BadRequest, (await _client.PostAsJsonAsync("/api/alerts/rules/preview", new { query = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.PostAsync("/api/alerts/rules/preview", new StringContent("[", Encoding.UTF8, "application/json"))).StatusCode);
    }

    [Fact]
    public async Task A_snoozed_rule_records_its_notifications_as_suppressed_in_the_delivery_log()
    {
        await IngestAsync("snoozed-api");
        var id = await CreateAsync(new { name = "snoozed errors", kind = "CountThreshold", query = "service:snoozed-api AND log_level:ERROR", threshold = 1, window = "00:05:00" });
        Assert.Equal(HttpStatusCode.NoContent, (await _client.PostAsJsonAsync($"/api/alerts/rules/{id}/snooze", new { until = console.Clock.GetUtcNow().AddHours(1) })).StatusCode);
        var rule = (await console.Services.GetRequiredService<AlertRuleService>().FindAsync(id))!;

        await console.Services.GetRequiredService<RuleEvaluationService>().EvaluateAsync(rule, Burst.AddMinutes(1), default);

        Assert.DoesNotContain(console.Notifier.Sent, n => n.Rule.Id == id);
        var held = Assert.Single(console.Notifier.Suppressed, s => s.Transition.RuleId == id);
        Assert.Equal(SuppressionReason.Snoozed, held.Reason);
        var deliveries = await _client.GetFromJsonAsync<JsonElement>($"/api/alerts/rules/{id}/deliveries");
        var suppressedDelivery = Assert.Single(deliveries.EnumerateArray().ToList());
        Assert.Equal("Suppressed", suppressedDelivery.GetProperty("outcome").GetString());
        Assert.Equal("Snoozed", suppressedDelivery.GetProperty("suppression").GetString());
        Assert.StartsWith("rule snoozed until", suppressedDelivery.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/alerts/rules/{Guid.NewGuid()}/deliveries")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync($"/api/alerts/rules/{id}/deliveries?limit=0")).StatusCode);

        var states = await _client.GetFromJsonAsync<JsonElement>("/api/alerts/states");
        Assert.Contains(states.EnumerateArray(), s => s.GetProperty("rule_id").GetGuid() == id && s.GetProperty("state").GetString() == "Firing");
        var firingHistory = await _client.GetFromJsonAsync<JsonElement>($"/api/alerts/history?rule={id}&state=firing");
        Assert.Single(firingHistory.EnumerateArray().ToList());
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync("/api/alerts/history?state=burning")).StatusCode);
    }

    [Fact]
    public async Task A_channel_is_edited_and_a_test_notification_reaches_its_webhook()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var created = await _client.PostAsJsonAsync("/api/alerts/channels", new { name = "test hook", type = "Webhook", url = "http://127.0.0.1:9/nowhere" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var bad = await _client.PutAsJsonAsync($"/api/alerts/channels/{id}", new { name = "test hook", type = "Webhook", url = "ftp://example.com" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PutAsJsonAsync("/api/alerts/channels/nope", new { name = "x", type = "Webhook", url = receiver.Url })).StatusCode);
        var changed = await _client.PutAsJsonAsync($"/api/alerts/channels/{id}", new { name = "test hook", type = "Webhook", url = receiver.Url, headers = new Dictionary<string, string> { ["X-Token"] = "abc" } });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        var tested = await _client.PostAsync($"/api/alerts/channels/{id}/test", null);
        Assert.Equal(HttpStatusCode.OK, tested.StatusCode);
        Assert.True((await tested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("delivered").GetBoolean());
        var request = Assert.Single(receiver.Requests);
        Assert.Equal("abc", request.Headers["X-Token"]);
        Assert.Equal("Test notification for channel 'test hook'", JsonDocument.Parse(request.Body).RootElement.GetProperty("rule").GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostAsync("/api/alerts/channels/nope/test", null)).StatusCode);
    }
}
