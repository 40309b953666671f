using System.Net.Http.Headers;
using System.Text;
using Console.Web.Auth;
using Console.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Console.Web.Tests.Auth;

/// <summary>Passwords, API keys, session cookies and webhook URLs never reach the console's own logs, at any level.</summary>
public sealed class SecretsInLogsTests : IDisposable
{
    private readonly CapturingLoggerProvider _logs = new();
    private readonly AuthConsole _console = new() { Settings = { ["Logging:LogLevel:Default"] = "Trace", ["Logging:LogLevel:Microsoft"] = "Trace" } };

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
}
