using Console.Web.Alerts.Notifications.Delivery;
using Console.Web.Tests.Support;
using MimeKit;

namespace Console.Web.Tests.Alerts.Notifications;

public class EmailDeliveryTests
{
    [Fact]
    public async Task Email_IsDeliveredToTheSmtpServerWithSubjectBodiesAndTheDiscoverLink()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var host = await DispatcherHost.StartAsync(DispatcherHost.SmtpSettings(smtp));
        var notification = SampleNotifications.Firing();

        await host.Dispatcher.EnqueueAsync(notification, [SampleNotifications.Email("oncall@thebot.test", "Ops Team <ops@thebot.test>")]);
        var attempts = await host.AttemptsAsync(notification.Id, a => a.Count > 0);

        var attempt = Assert.Single(attempts);
        Assert.Equal(DeliveryOutcome.Delivered, attempt.Outcome);
        Assert.Null(attempt.Detail);
        var message = Assert.Single(smtp.Messages);
        Assert.Equal("[FIRING] Too many 5xx from one client: count is 42 (threshold > 10) for client.ip = 10.0.0.7, 2026-11-24 11:55:00 to 12:00:00 UTC", message.Subject);
        Assert.Equal("alerts@thebot.test", message.From.Mailboxes.Single().Address);
        Assert.Equal(["oncall@thebot.test", "ops@thebot.test"], message.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("rule-5xx", message.Headers["X-Alert-Rule-Id"]);

        var link = notification.DiscoverUrl.AbsoluteUri;
        Assert.Contains($"Open in Discover: {link}", message.TextBody);
        Assert.Contains("Value:  count is 42 (threshold > 10)", message.TextBody);
        Assert.Contains("Group:  client.ip = 10.0.0.7", message.TextBody);
        Assert.Contains("2026-11-24T11:59:58.000Z ERROR django-backend Internal Server Error: /api/orders <script>alert(1)</script> & more", message.TextBody);

        Assert.Contains("<a href=\"http://logs.example.com/discover?index=thebot-logs-*&amp;q=x\">Open in Discover</a>", message.HtmlBody);
        Assert.Contains("Internal Server Error: /api/orders &lt;script&gt;alert(1)&lt;/script&gt; &amp; more", message.HtmlBody);
        Assert.DoesNotContain("<script>", message.HtmlBody);
        Assert.Contains("count is 42 (threshold &gt; 10)", message.HtmlBody);
    }

    [Fact]
    public async Task Email_RefusedWithATemporaryError_IsRetriedAndRecordsTheSmtpCode()
    {
        await using var smtp = await SmtpSink.StartAsync(451);
        await using var host = await DispatcherHost.StartAsync(DispatcherHost.SmtpSettings(smtp));
        var notification = SampleNotifications.Firing();

        await host.Dispatcher.EnqueueAsync(notification, [SampleNotifications.Email("oncall@thebot.test")]);
        var attempts = await host.AttemptsAsync(notification.Id, a => a.Count >= 2);

        Assert.Equal([DeliveryOutcome.Failed, DeliveryOutcome.Delivered], attempts.Select(a => a.Outcome));
        Assert.Equal(451, attempts[0].StatusCode);
        Assert.StartsWith("SMTP 451: refused on purpose by the test", attempts[0].Detail);
        Assert.Single(smtp.Messages);
    }

    [Fact]
    public async Task Email_RefusedWithAPermanentError_IsNotRetried()
    {
        await using var smtp = await SmtpSink.StartAsync(554);
        await using var host = await DispatcherHost.StartAsync(DispatcherHost.SmtpSettings(smtp));
        var notification = SampleNotifications.Firing();

        await host.Dispatcher.EnqueueAsync(notification, [SampleNotifications.Email("oncall@thebot.test")]);
        await host.AttemptsAsync(notification.Id, a => a.Count > 0);
        await Task.Delay(300);

        var attempt = Assert.Single(await host.Log.ForNotificationAsync(notification.Id));
        Assert.Equal(DeliveryOutcome.Failed, attempt.Outcome);
        Assert.Equal(554, attempt.StatusCode);
        Assert.Empty(smtp.Messages);
    }
}
