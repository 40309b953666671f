using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Console.Web.Alerts.Evaluation;
using Console.Web.Alerts.Rules;
using Microsoft.Extensions.DependencyInjection;

namespace Console.Web.Tests.Alerts;

/// <summary>
/// The scheduler over real events and the console's database, at evaluation times the test picks: the lifecycle, its
/// history, acknowledgement, snooze and maintenance windows, and one alert per group value.
/// </summary>
public sealed class RuleEvaluationServiceTests : IClassFixture<AlertsConsole>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
    private readonly AlertsConsole _console;
    private readonly HttpClient _client;

    public RuleEvaluationServiceTests(AlertsConsole console)
    {
        _console = console;
        _client = console.CreateClient();
    }

    private RuleEvaluationService Scheduler => _console.Services.GetRequiredService<RuleEvaluationService>();

    private async Task IngestAsync(string service, int errors, Func<int, string>? clientIp = null)
    {
        var lines = Enumerable.Range(0, errors).Select(i => JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["@timestamp"] = T0.AddSeconds(i).ToString("O"),
            ["log_level"] = "ERROR",
            ["service"] = service,
            ["message"] = $"payment failed {i}",
            ["client"] = new Dictionary<string, string> { ["ip"] = clientIp?.Invoke(i) ?? "10.0.0.1" },
        }));
        var response = await _client.PostAsync("/api/ingest?index=thebot-logs&refresh=wait_for", new StringContent(string.Join('\n', lines), Encoding.UTF8, "application/x-ndjson"));
        response.EnsureSuccessStatusCode();
    }

    private async Task<AlertRule> CreateAsync(object body)
    {
        var response = await _client.PostAsJsonAsync("/api/alerts/rules", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await _console.Services.GetRequiredService<AlertRuleService>().FindAsync(
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid()))!;
    }

    private async Task<IReadOnlyList<AlertHistoryEntry>> HistoryAsync(Guid rule) =>
        await _console.Services.GetRequiredService<AlertRuleService>().HistoryAsync(rule, 100);

    private List<(AlertState From, AlertState To)> Notified(Guid rule) =>
        _console.Notifier.Sent.Where(n => n.Rule.Id == rule).Select(n => (n.Transition.From, n.Transition.To)).ToList();

    [Fact]
    public async Task A_count_rule_goes_pending_fires_is_acknowledged_and_resolves_with_every_change_in_its_history()
    {
        await IngestAsync("checkout", 12);
        var rule = await CreateAsync(new
        {
            name = "checkout errors", kind = "CountThreshold", query = "log_level:ERROR AND service:checkout", threshold = 10,
            window = "00:05:00", pending_for = "00:01:00",
        });

        await Scheduler.EvaluateAsync(rule, T0.AddMinutes(2), default);
        Assert.Empty(Notified(rule.Id));
        await Scheduler.EvaluateAsync(rule, T0.AddMinutes(3), default);
        var firing = Assert.Single(_console.Notifier.Sent, n => n.Rule.Id == rule.Id);
        Assert.Equal(AlertState.Firing, firing.Transition.To);
        Assert.Equal(12, firing.Transition.Value);
        Assert.Equal("log_level:ERROR AND service:checkout", firing.Measurement.Matching.Query);

        var active = await _client.GetFromJsonAsync<JsonElement>("/api/alerts");
        Assert.Contains(active.EnumerateArray(), a => a.GetProperty("rule_id").GetGuid() == rule.Id && a.GetProperty("state").GetString() == "Firing");
        Assert.Equal(HttpStatusCode.NoContent, (await _client.PostAsync($"/api/alerts/rules/{rule.Id}/acknowledge", null)).StatusCode);
        active = await _client.GetFromJsonAsync<JsonElement>("/api/alerts");
        Assert.Contains(active.EnumerateArray(), a => a.GetProperty("rule_id").GetGuid() == rule.Id && a.GetProperty("acknowledged_at").ValueKind == JsonValueKind.String);

        await Scheduler.EvaluateAsync(rule, T0.AddMinutes(20), default);
        Assert.Equal([(AlertState.Pending, AlertState.Firing), (AlertState.Firing, AlertState.Resolved)], Notified(rule.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostAsync($"/api/alerts/rules/{rule.Id}/acknowledge", null)).StatusCode);

        var history = await HistoryAsync(rule.Id);
        Assert.Equal(
            [(AlertState.Ok, AlertState.Pending), (AlertState.Pending, AlertState.Firing), (AlertState.Firing, AlertState.Resolved)],
            history.Reverse().Select(h => (h.From, h.To)).ToList());
        Assert.All(history, h => Assert.Null(h.Suppressed));
    }

    [Fact]
    public async Task A_snoozed_rule_and_a_maintenance_window_keep_the_history_but_notify_nobody()
    {
        await IngestAsync("billing", 3);
        var rule = await CreateAsync(new { name = "billing errors", kind = "CountThreshold", query = "service:billing", threshold = 1, window = "00:05:00" });

        Assert.Equal(HttpStatusCode.NoContent, (await _client.PostAsJsonAsync($"/api/alerts/rules/{rule.Id}/snooze", new { until = _console.Clock.GetUtcNow().AddHours(1) })).StatusCode);
        var snoozed = (await _console.Services.GetRequiredService<AlertRuleService>().FindAsync(rule.Id))!;
        await Scheduler.EvaluateAsync(snoozed with { SnoozedUntil = T0.AddHours(1) }, T0.AddMinutes(1), default);
        await Scheduler.EvaluateAsync(snoozed with { SnoozedUntil = T0.AddHours(1) }, T0.AddMinutes(30), default);
        Assert.Empty(Notified(rule.Id));
        Assert.All(await HistoryAsync(rule.Id), h => Assert.StartsWith("rule snoozed until", h.Suppressed, StringComparison.Ordinal));

        var window = await _client.PostAsJsonAsync("/api/alerts/maintenance-windows", new { name = "database upgrade", starts = T0, ends = T0.AddHours(1), rule_id = rule.Id });
        Assert.Equal(HttpStatusCode.Created, window.StatusCode);
        await Scheduler.EvaluateAsync(rule with { SnoozedUntil = null }, T0.AddMinutes(2), default);
        Assert.Empty(Notified(rule.Id));
        Assert.Equal("maintenance window 'database upgrade'", (await HistoryAsync(rule.Id))[0].Suppressed);
        // The notifier is still told, to record who was not notified and why.
        Assert.Equal(
            [Console.Web.Alerts.Notifications.Delivery.SuppressionReason.Snoozed, Console.Web.Alerts.Notifications.Delivery.SuppressionReason.Snoozed, Console.Web.Alerts.Notifications.Delivery.SuppressionReason.MaintenanceWindow],
            _console.Notifier.Suppressed.Where(s => s.Transition.RuleId == rule.Id).Select(s => s.Reason).ToList());

        // After the window, the next change is told.
        await Scheduler.EvaluateAsync(rule with { SnoozedUntil = null }, T0.AddHours(2), default);
        Assert.Equal([(AlertState.Firing, AlertState.Resolved)], Notified(rule.Id));
    }

    [Fact]
    public async Task A_grouped_rule_fires_once_per_value_over_the_threshold_and_resolves_each_on_its_own()
    {
        // 6 events from .7, 4 from .8, 1 from .9.
        await IngestAsync("login", 11, i => i < 6 ? "192.0.2.7" : i < 10 ? "192.0.2.8" : "192.0.2.9");
        var rule = await CreateAsync(new { name = "failed logins per ip", kind = "Grouped", query = "service:login", group_field = "client.ip", threshold = 3, window = "00:05:00" });

        await Scheduler.EvaluateAsync(rule, T0.AddMinutes(1), default);
        var fired = _console.Notifier.Sent.Where(n => n.Rule.Id == rule.Id).ToList();
        Assert.Equal(["192.0.2.7", "192.0.2.8"], fired.Select(n => n.Transition.GroupValue!).Order());
        Assert.All(fired, n => Assert.Equal(AlertState.Firing, n.Transition.To));
        Assert.Equal(6, fired.Single(n => n.Transition.GroupValue == "192.0.2.7").Measurement.Value);

        await Scheduler.EvaluateAsync(rule with { Threshold = 5 }, T0.AddMinutes(2), default);
        var resolved = Assert.Single(_console.Notifier.Sent, n => n.Rule.Id == rule.Id && n.Transition.To == AlertState.Resolved);
        Assert.Equal("192.0.2.8", resolved.Transition.GroupValue);
    }

    [Fact]
    public async Task A_group_with_no_events_left_resolves_with_its_own_query_and_a_ratio_over_nothing_keeps_its_state()
    {
        await IngestAsync("gateway", 4, _ => "192.0.2.50");
        var grouped = await CreateAsync(new { name = "gateway per ip", kind = "Grouped", query = "service:gateway", group_field = "client.ip", threshold = 2, window = "00:05:00" });
        await Scheduler.EvaluateAsync(grouped, T0.AddMinutes(1), default);
        await Scheduler.EvaluateAsync(grouped, T0.AddHours(1), default);
        var resolved = Assert.Single(_console.Notifier.Sent, n => n.Rule.Id == grouped.Id && n.Transition.To == AlertState.Resolved);
        Assert.Equal("192.0.2.50", resolved.Transition.GroupValue);
        Assert.Contains("192.0.2.50", resolved.Measurement.Matching.Query, StringComparison.Ordinal);

        var ratio = await CreateAsync(new
        {
            name = "gateway error rate", kind = "Ratio", query = "service:gateway AND log_level:ERROR", ratio_base_query = "service:gateway", threshold = 50, window = "00:05:00",
        });
        await Scheduler.EvaluateAsync(ratio, T0.AddMinutes(1), default);
        await Scheduler.EvaluateAsync(ratio, T0.AddHours(1), default);
        Assert.Equal([(AlertState.Ok, AlertState.Firing)], Notified(ratio.Id));
    }
}
