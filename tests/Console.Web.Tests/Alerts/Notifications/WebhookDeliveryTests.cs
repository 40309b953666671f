using System.Text.Json;
using Console.Web.Alerts.Notifications;
using Console.Web.Alerts.Notifications.Delivery;
using Console.Web.Tests.Support;

namespace Console.Web.Tests.Alerts.Notifications;

public class WebhookDeliveryTests
{
    [Fact]
    public async Task Webhook_IsPostedAsTheDocumentedJsonWithTheChannelsHeaders()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await DispatcherHost.StartAsync();
        var notification = SampleNotifications.Firing();

        var queued = await host.Dispatcher.EnqueueAsync(notification, [SampleNotifications.Webhook(receiver.Url)]);
        var attempts = await host.AttemptsAsync(notification.Id, a => a.Count > 0);

        Assert.Equal(1, queued);
        var attempt = Assert.Single(attempts);
        Assert.Equal(DeliveryOutcome.Delivered, attempt.Outcome);
        Assert.Equal(200, attempt.StatusCode);
        Assert.Equal(1, attempt.Attempt);
        Assert.Equal("ch-webhook", attempt.ChannelId);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/hooks/alerts", request.Path);
        Assert.StartsWith("application/json", request.Headers["Content-Type"]);
        Assert.Equal("Bearer s3cret", request.Headers["Authorization"]);
        Assert.Equal("platform", request.Headers["X-Team"]);

        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        Assert.Equal(notification.Id, root.GetProperty("id").GetString());
        Assert.Equal("firing", root.GetProperty("transition").GetString());
        Assert.Equal("rule-5xx", root.GetProperty("rule").GetProperty("id").GetString());
        Assert.Equal("Too many 5xx from one client", root.GetProperty("rule").GetProperty("name").GetString());
        Assert.Equal("count", root.GetProperty("metric").GetString());
        Assert.Equal(42, root.GetProperty("value").GetDouble());
        Assert.Equal(">", root.GetProperty("comparison").GetString());
        Assert.Equal(10, root.GetProperty("threshold").GetDouble());
        Assert.Equal("client.ip", root.GetProperty("group").GetProperty("field").GetString());
        Assert.Equal("10.0.0.7", root.GetProperty("group").GetProperty("value").GetString());
        Assert.Equal("thebot-logs-*", root.GetProperty("index").GetString());
        Assert.Equal("http.status_code:>=500", root.GetProperty("query").GetString());
        Assert.Equal("2026-11-24T11:55:00.000Z", root.GetProperty("window").GetProperty("from").GetString());
        Assert.Equal("2026-11-24T12:00:00.000Z", root.GetProperty("window").GetProperty("to").GetString());
        Assert.Equal(notification.DiscoverUrl.AbsoluteUri, root.GetProperty("discover_url").GetString());
        Assert.Equal("[FIRING] Too many 5xx from one client: count is 42 (threshold > 10) for client.ip = 10.0.0.7, 2026-11-24 11:55:00 to 12:00:00 UTC",
            root.GetProperty("summary").GetString());
        var lines = root.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal("2026-11-24T11:59:58.000Z", lines[0].GetProperty("timestamp").GetString());
        Assert.Equal("ERROR", lines[0].GetProperty("level").GetString());
        Assert.Equal("django-backend", lines[0].GetProperty("service").GetString());
        Assert.StartsWith("Internal Server Error: /api/orders", lines[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task Webhook_AnsweringFiveHundredTwiceThenOk_IsRetriedAndEachAttemptRecorded()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500, 500);
        await using var host = await DispatcherHost.StartAsync();
        var notification = SampleNotifications.Firing();

        await host.Dispatcher.EnqueueAsync(notification, [SampleNotifications.Webhook(receiver.Url)]);
        var attempts = await host.AttemptsAsync(notification.Id, a => a.Count >= 3);

        Assert.Equal([1, 2, 3], attempts.Select(a => a.Attempt));
        Assert.Equal([DeliveryOutcome.Failed, DeliveryOutcome.Failed, DeliveryOutcome.Delivered], attempts.Select(a => a.Outcome));
        Assert.Equal([500, 500, 200], attempts.Select(a => a.StatusCode));
        Assert.StartsWith("HTTP 500 Internal Server Error: receiver failed on purpose", attempts[0].Detail);
        Assert.Null(attempts[2].Detail);
        Assert.Equal(3, receiver.Requests.Count);
        // The same notification each time, and the waits between attempts were taken (at least half of 50 ms, then of 100 ms).
        Assert.Single(receiver.Requests.Select(r => r.Body).Distinct());
        Assert.True(receiver.Requests[1].At - receiver.Requests[0].At >= TimeSpan.FromMilliseconds(20));
        Assert.True(receiver.Requests[2].At - receiver.Requests[1].At >= TimeSpan.FromMilliseconds(45));
        await Task.Delay(300);
        Assert.Equal(3, (await host.Log.ForNotificationAsync(notification.Id)).Count);
    }

    [Fact]
    public async Task Webhook_ThatNeverAnswers_TimesOutEachAttemptUntilTheAttemptsRunOut()
    {
        await using var receiver = await WebhookReceiver.StartSilentAsync();
        await using var host = await DispatcherHost.StartAsync(new()
        {
            ["Alerts:Notifications:AttemptTimeout"] = "00:00:02",
            ["Alerts:Notifications:MaxAttempts"] = "2",
        });
        var notification = SampleNotifications.Firing();

        await host.Dispatcher.EnqueueAsync(notification, [SampleNotifications.Webhook(receiver.Url)]);
        var attempts = await host.AttemptsAsync(notification.Id, a => a.Count >= 2);

        Assert.Equal([1, 2], attempts.Select(a => a.Attempt));
        Assert.All(attempts, a =>
        {
            Assert.Equal(DeliveryOutcome.TimedOut, a.Outcome);
            Assert.Null(a.StatusCode);
            Assert.Equal("no answer within 00:00:02", a.Detail);
            Assert.InRange(a.Duration, TimeSpan.FromMilliseconds(1990), TimeSpan.FromSeconds(8));
        });
        // Both attempts reached the listener; on a busy machine the second request's arrival can trail its timeout record.
        Assert.Equal(2, (await Eventually.Get(() => Task.FromResult(receiver.Requests.Count), c => c >= 2, TimeSpan.FromSeconds(5))));
    }

    [Fact]
    public async Task Webhook_AnsweringNotFound_IsNotRetried()
    {
        await using var receiver = await WebhookReceiver.StartAsync(404);
        await using var host = await DispatcherHost.StartAsync();
        var notification = SampleNotifications.Firing();

        await host.Dispatcher.EnqueueAsync(notification, [SampleNotifications.Webhook(receiver.Url)]);
        var attempts = await host.AttemptsAsync(notification.Id, a => a.Count > 0);
        await Task.Delay(300);

        var attempt = Assert.Single(await host.Log.ForNotificationAsync(notification.Id));
        Assert.Equal(DeliveryOutcome.Failed, attempt.Outcome);
        Assert.Equal(404, attempt.StatusCode);
        Assert.Single(receiver.Requests);
        Assert.Single(attempts);
    }

    [Fact]
    public async Task Webhook_WhereNothingListens_FailsWithTheConnectionErrorAndIsRetried()
    {
        int port;
        await using (var gone = await WebhookReceiver.StartAsync())
        {
            port = gone.Url.Port;
        }

        await using var host = await DispatcherHost.StartAsync(new() { ["Alerts:Notifications:MaxAttempts"] = "2" });
        var notification = SampleNotifications.Firing();

        await host.Dispatcher.EnqueueAsync(notification, [SampleNotifications.Webhook(new Uri($"http://127.0.0.1:{port}/hook"))]);
        var attempts = await host.AttemptsAsync(notification.Id, a => a.Count >= 2);

        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, a =>
        {
            Assert.Equal(DeliveryOutcome.Failed, a.Outcome);
            Assert.Contains("refused", a.Detail, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public async Task Slack_IsPostedWithTextAndAnAttachment()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await DispatcherHost.StartAsync();
        var notification = SampleNotifications.Firing();

        await host.Dispatcher.EnqueueAsync(notification, [SampleNotifications.Slack(receiver.Url)]);
        var attempts = await host.AttemptsAsync(notification.Id, a => a.Count > 0);

        Assert.Equal(DeliveryOutcome.Delivered, Assert.Single(attempts).Outcome);
        using var json = JsonDocument.Parse(Assert.Single(receiver.Requests).Body);
        Assert.Contains("<http://logs.example.com/discover?index=thebot-logs-*&q=x|Open in Discover>", json.RootElement.GetProperty("text").GetString());
        Assert.Equal(notification.DiscoverUrl.AbsoluteUri, json.RootElement.GetProperty("attachments")[0].GetProperty("title_link").GetString());
    }

    [Fact]
    public async Task An_error_page_that_echoes_the_request_has_the_channels_credentials_redacted_in_the_delivery_log()
    {
        await using var receiver = await WebhookReceiver.StartEchoingAsync();
        await using var host = await DispatcherHost.StartAsync();
        var channel = SampleNotifications.Webhook(new UriBuilder(receiver.Url) { Query = "token=query-secret-1234" }.Uri) with
        {
            Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer header-secret-5678", ["X-Team"] = "platform" },
        };
        var notification = SampleNotifications.Firing();

        await host.Dispatcher.EnqueueAsync(notification, [channel]);
        var attempt = Assert.Single(await host.AttemptsAsync(notification.Id, a => a.Count > 0));

        Assert.Equal(400, attempt.StatusCode);
        Assert.StartsWith("HTTP 400 Bad Request: bad request [redacted] ", attempt.Detail, StringComparison.Ordinal);
        Assert.Contains("Authorization=[redacted]", attempt.Detail, StringComparison.Ordinal);
        Assert.Contains("X-Team=[redacted]", attempt.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", attempt.Detail, StringComparison.Ordinal);
    }
}
