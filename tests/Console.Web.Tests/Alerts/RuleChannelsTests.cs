using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Console.Web.Alerts.Evaluation;
using Console.Web.Alerts.Notifications.Feed;
using Console.Web.Alerts.Rules;
using Console.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Console.Web.Tests.Support.ApiErrorBody;

namespace Console.Web.Tests.Alerts;

/// <summary>A rule names its channels: when it fires, the webhook it names is posted to and the console's list shows it.</summary>
public sealed class RuleChannelsTests(AlertsConsole console) : IClassFixture<AlertsConsole>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
    private readonly HttpClient _client = console.CreateClient();

    [Fact]
    public async Task A_firing_rule_posts_to_the_webhook_it_names_and_appears_in_the_console()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var created = await _client.PostAsJsonAsync("/api/alerts/channels", new { name = "ops hook", type = "Webhook", url = receiver.Url });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var channelId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var unknown = await _client.PostAsJsonAsync("/api/alerts/rules", new { name = "x", kind = "CountThreshold", query = "service:worker", threshold = 1, channel_ids = new[] { "nope" } });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("no notification channel 'nope'", await ErrorOf(unknown), StringComparison.Ordinal);

        var ruleResponse = await _client.PostAsJsonAsync("/api/alerts/rules", new
        {
            name = "worker errors", kind = "CountThreshold", query = "service:worker AND log_level:ERROR", threshold = 2, window = "00:05:00", channel_ids = new[] { channelId },
        });
        Assert.Equal(HttpStatusCode.Created, ruleResponse.StatusCode);
        var ruleId = (await ruleResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var lines = Enumerable.Range(0, 3).Select(i => $"{{\"@timestamp\":\"{T0.AddSeconds(i):O}\",\"log_level\":\"ERROR\",\"service\":\"worker\",\"message\":\"task crashed {i}\"}}");
        (await _client.PostAsync("/api/ingest?index=thebot-logs&refresh=wait_for", new StringContent(string.Join('\n', lines), Encoding.UTF8, "application/x-ndjson"))).EnsureSuccessStatusCode();

        var rule = (await console.Services.GetRequiredService<AlertRuleService>().FindAsync(ruleId))!;
        await console.Services.GetRequiredService<RuleEvaluationService>().EvaluateAsync(rule, T0.AddMinutes(1), default);

        var posted = await Eventually.Get(() => Task.FromResult(receiver.Requests), r => r.Count > 0, TimeSpan.FromSeconds(30));
        var body = JsonDocument.Parse(Assert.Single(posted).Body).RootElement;
        Assert.Contains("worker errors", body.ToString(), StringComparison.Ordinal);
        Assert.Contains("task crashed", body.ToString(), StringComparison.Ordinal);
        Assert.Contains("/discover?", body.ToString(), StringComparison.Ordinal);

        var feed = console.Services.GetRequiredService<IConsoleNotificationFeed>();
        var listed = await Eventually.Get(() => feed.ListAsync(50), n => n.Any(x => x.Notification.RuleName == "worker errors"), TimeSpan.FromSeconds(30));
        Assert.Contains(listed, n => n.Notification.RuleName == "worker errors");

        var inUse = await _client.DeleteAsync($"/api/alerts/channels/{channelId}");
        Assert.Equal(HttpStatusCode.Conflict, inUse.StatusCode);
        Assert.Contains("'worker errors'", await ErrorOf(inUse), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_channels_get_400_with_the_setting_named_and_a_taken_name_409()
    {
        var relative = await _client.PostAsJsonAsync("/api/alerts/channels", new { name = "relative", type = "Webhook", url = "/hooks" });
        Assert.Equal(HttpStatusCode.BadRequest, relative.StatusCode);
        Assert.Contains("url", await ErrorOf(relative), StringComparison.OrdinalIgnoreCase);

        var noType = await _client.PostAsJsonAsync("/api/alerts/channels", new { name = "x", url = "http://127.0.0.1:9/x" });
        Assert.Contains("type is required", await ErrorOf(noType), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.PostAsJsonAsync("/api/alerts/channels", new { name = "console", type = "Console" })).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsJsonAsync("/api/alerts/channels", new { name = "Chat", type = "Slack", url = "http://127.0.0.1:9/slack" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _client.PostAsJsonAsync("/api/alerts/channels", new { name = "chat", type = "Slack", url = "http://127.0.0.1:9/slack" })).StatusCode);
        var listed = await _client.GetFromJsonAsync<JsonElement>("/api/alerts/channels");
        var chat = listed.EnumerateArray().Single(c => c.GetProperty("name").GetString() == "Chat");
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/alerts/channels/{chat.GetProperty("id").GetString()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.DeleteAsync("/api/alerts/channels/nothing")).StatusCode);
    }
}
