using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Console.Web.Alerts.Notifications;
using Console.Web.Alerts.Notifications.Channels;
using Console.Web.Alerts.Notifications.Delivery;
using Console.Web.Auth;
using Console.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Console.Web.Tests.Auth;

/// <summary>
/// Passwords, API keys, session cookies, webhook URLs and header values and the SMTP password never reach the console's
/// own logs, at any level, whether things go right or wrong.
/// </summary>
public sealed class SecretsInLogsTests : IDisposable
{
    private readonly CapturingLoggerProvider _logs = new();
    // Every category at Trace, the ones appsettings.json keeps at Warning included.
    private readonly AuthConsole _console = new()
    {
        Settings =
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Trace",
        },
    };

    public void Dispose() => _console.Dispose();

    [Fact]
    public async Task SigningInUsingKeysAndCallingWebhooksLeavesNoSecretInTheLog()
    {
        using var factory = _console.WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.AddProvider(_logs)));
        var users = factory.Services.GetRequiredService<UserService>();
        await users.CreateAsync("logged-user", ConsoleRole.Editor, "a-secret-password-1");
        using var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var signedIn = await AuthConsole.PostLoginAsync(client, "logged-user", "a-secret-password-1");
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".console.session=", StringComparison.Ordinal)).Split(';')[0].Split('=', 2)[1];
        await AuthConsole.PostLoginAsync(client, "logged-user", "a-wrong-secret-password");
        var reset = await users.ResetPasswordAsync((await users.ListAsync()).Single(u => u.Name == "logged-user").Id);

        var (key, error) = await factory.Services.GetRequiredService<ApiKeyService>().CreateAsync("logged key", ApiKeyScopes.Ingest, "tests");
        Assert.Null(error);
        using var keyClient = factory.CreateClient();
        keyClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", key!.Key);
        using var body = new StringContent("{\"message\":\"x\"}\n", Encoding.UTF8, "application/x-ndjson");
        (await keyClient.PostAsync(new Uri("/api/ingest?index=logs", UriKind.Relative), body)).EnsureSuccessStatusCode();
        keyClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", "lck_abcdefgh_not-a-real-secret-but-secret-still-xxxxxxxxxxxxx");
        await keyClient.GetAsync(new Uri("/api/search", UriKind.Relative));

        // A webhook's URL is a secret (Slack's is the credential): the console's HTTP clients must not log it.
        var http = factory.Services.GetRequiredService<IHttpClientFactory>().CreateClient("webhook-test");
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.PostAsync(new Uri("http://127.0.0.1:1/services/T000/B000/webhook-secret-path"), null));

        var log = string.Join('\n', _logs.Lines);
        Assert.Contains("logged-user", log, StringComparison.Ordinal); // the log is really captured
        foreach (var secret in new[] { "a-secret-password-1", "a-wrong-secret-password", reset.OneTimePassword!, key.Key, key.Key[13..], "not-a-real-secret-but-secret-still", cookie, "webhook-secret-path" })
        {
            Assert.DoesNotContain(secret, log, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task DeliveringWebhooksAndEmailWithCredentialsAndSeqKeysLeavesNoSecretInTheLog()
    {
        const string headerSecret = "webhook-header-secret-7f3a";
        const string tokenSecret = "webhook-token-secret-91bc";
        const string querySecret = "webhook-query-secret-c0de";
        const string smtpPassword = "smtp-secret-password-5e5e";
        await using var receiver = await WebhookReceiver.StartAsync(500);
        await using var smtp = await SmtpSink.StartWithSignInAsync("alerts-sender", smtpPassword);
        foreach (var (key, value) in DispatcherHost.SmtpSettings(smtp))
        {
            _console.Settings[key] = value;
        }

        _console.Settings["Alerts:Smtp:User"] = "alerts-sender";
        _console.Settings["Alerts:Smtp:Password"] = smtpPassword;
        _console.Settings["Alerts:Notifications:InitialBackoff"] = "00:00:00.050";
        _console.Settings["Alerts:Notifications:MaxBackoff"] = "00:00:00.100";
        using var factory = _console.WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.AddProvider(_logs)));

        // An administrator signs in (and a caller fails to), then saves a webhook whose URL and headers carry credentials.
        using var admin = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Redirect, (await AuthConsole.PostLoginAsync(admin, "admin", AuthConsole.AdminPassword)).StatusCode);
        await AuthConsole.PostLoginAsync(factory.CreateClient(), "admin", "admin-wrong-password-secret");
        var url = new UriBuilder(receiver.Url) { Query = "token=" + querySecret }.Uri;
        var headers = new Dictionary<string, string> { ["Authorization"] = "Bearer " + headerSecret, ["X-Api-Token"] = tokenSecret };
        var created = await admin.PostAsJsonAsync("/api/alerts/channels", new { name = "credentialed hook", type = "Webhook", url, headers });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var channelId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        // Send test (the receiver answers 500 the first time), then a real delivery through the dispatcher.
        var tested = await admin.PostAsync(new Uri($"/api/alerts/channels/{channelId}/test", UriKind.Relative), null);
        Assert.False((await tested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("delivered").GetBoolean());
        var channel = (await factory.Services.GetRequiredService<NotificationChannelService>().ListAsync()).Single(c => c.Id == channelId);
        var refusedChannel = channel with { Id = "refused", Name = "refused hook", Url = new UriBuilder(url) { Host = "127.0.0.2" }.Uri.AbsoluteUri };
        var email = SampleNotifications.Email("ops@thebot.test");
        var notification = SampleNotifications.Firing();
        var dispatcher = factory.Services.GetRequiredService<INotificationDispatcher>();
        await dispatcher.EnqueueAsync(notification, [channel, refusedChannel, email]);
        var attempts = await Eventually.Get(
            () => factory.Services.GetRequiredService<INotificationDeliveryLog>().ForNotificationAsync(notification.Id),
            a => a.Any(x => x.ChannelId == channel.Id && x.Outcome == DeliveryOutcome.Delivered) && a.Any(x => x.ChannelId == "refused") && a.Any(x => x.ChannelType == NotificationChannelType.Email && x.Outcome == DeliveryOutcome.Delivered));
        Assert.Contains(attempts, a => a.ChannelId == channel.Id && a.Outcome == DeliveryOutcome.Delivered);
        Assert.Contains(attempts, a => a.ChannelId == "refused" && a.Detail!.StartsWith("refused to connect: 127.0.0.2", StringComparison.Ordinal));
        Assert.Contains(attempts, a => a.ChannelType == NotificationChannelType.Email && a.Outcome == DeliveryOutcome.Delivered);
        Assert.True(smtp.SignedIn >= 1, "the email was sent after signing in with the SMTP password");
        var received = receiver.Requests[^1];
        Assert.Equal("Bearer " + headerSecret, received.Headers["Authorization"]); // the secrets really were sent

        // Seq clients' key header, a good one and a bad one.
        var (ingestKey, error) = await factory.Services.GetRequiredService<ApiKeyService>().CreateAsync("seq key", ApiKeyScopes.Ingest, "tests");
        Assert.Null(error);
        using var seq = factory.CreateClient();
        foreach (var presented in new[] { ingestKey!.Key, "lck_zzzzzzzz_seq-header-bad-key-secret-xxxxxxxxxxxxxxxxxxx" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/ingest/clef") { Content = new StringContent("{\"@t\":\"2026-11-24T10:00:00Z\",\"@m\":\"seq\"}\n", Encoding.UTF8, "application/vnd.serilog.clef") };
            request.Headers.Add(ApiKeyAuthenticationHandler.SeqHeader, presented);
            await seq.SendAsync(request);
        }

        // Seq clients may also put the key in the query string.
        using (var byQuery = new StringContent("{\"@t\":\"2026-11-24T10:00:00Z\",\"@m\":\"seq\"}\n", Encoding.UTF8, "application/vnd.serilog.clef"))
        {
            await seq.PostAsync(new Uri("/ingest/clef?apiKey=seq-query-key-secret-abcdef", UriKind.Relative), byQuery);
        }

        // The dispatcher records an attempt before it logs it: wait for the log lines, not only the records.
        var log = await Eventually.Get(
            () => Task.FromResult(string.Join('\n', _logs.Lines)),
            l => l.Contains("credentialed hook", StringComparison.Ordinal) && l.Contains("refused hook", StringComparison.Ordinal));
        Assert.Contains("credentialed hook", log, StringComparison.Ordinal); // the deliveries were logged, so the check means something
        Assert.Contains("refused hook", log, StringComparison.Ordinal);
        foreach (var secret in new[] { headerSecret, tokenSecret, querySecret, smtpPassword, AuthConsole.AdminPassword, "admin-wrong-password-secret", ingestKey.Key, ingestKey.Key[13..], "seq-header-bad-key-secret", "seq-query-key-secret" })
        {
            Assert.DoesNotContain(secret, log, StringComparison.Ordinal);
        }
    }
}
