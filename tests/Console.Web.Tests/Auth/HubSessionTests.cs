using System.Net;
using Console.Web.Auth;
using Console.Web.Tail;
using Console.Web.Tests.Support;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace Console.Web.Tests.Auth;

/// <summary>The tail hub with sign-in on: who may connect, and connections closing when access ends.</summary>
public sealed class HubSessionTests(AuthConsole console) : IClassFixture<AuthConsole>
{
    [Fact]
    public async Task AnAnonymousOrIngestOnlyCallerCannotConnect()
    {
        var anonymous = Connect(headers: []);
        var refused = await Assert.ThrowsAnyAsync<HttpRequestException>(() => anonymous.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        var (_, ingest) = await console.KeyClientAsync(ApiKeyScopes.Ingest);
        var ingestOnly = Connect(new() { ["Authorization"] = $"ApiKey {ingest.Key}" });
        var forbidden = await Assert.ThrowsAnyAsync<HttpRequestException>(() => ingestOnly.StartAsync());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task DisablingTheUserClosesTheirOpenConnection()
    {
        var cookie = await SessionCookieAsync("hub-user");
        await using var hub = Connect(new() { ["Cookie"] = cookie });
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        await hub.StartAsync();
        Assert.Equal(HubConnectionState.Connected, hub.State);

        var user = (await console.Users.ListAsync()).Single(u => u.Name == "hub-user");
        await console.Users.SetDisabledAsync(user.Id, true);

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HubConnectionState.Disconnected, hub.State);
    }

    [Fact]
    public async Task SigningOutClosesTheOpenConnectionOfThatSession()
    {
        await console.Users.CreateAsync("hub-leaver", ConsoleRole.Viewer, AuthConsole.UserPassword);
        using var client = console.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var loginPage = await client.GetAsync(new Uri("/login", UriKind.Relative));
        var antiforgery = CookiesOf(loginPage);
        var session = CookiesOf(await PostFormAsync(client, "/auth/login", antiforgery, new()
        {
            ["__RequestVerificationToken"] = TokenIn(await loginPage.Content.ReadAsStringAsync()),
            ["name"] = "hub-leaver",
            ["password"] = AuthConsole.UserPassword,
        }));
        Assert.Contains(".console.session=", session, StringComparison.Ordinal);

        await using var hub = Connect(new() { ["Cookie"] = session });
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        await hub.StartAsync();
        Assert.Equal(HubConnectionState.Connected, hub.State);

        // The sign-out form of a page opened in this session (its token belongs to the signed-in user).
        using var page = new HttpRequestMessage(HttpMethod.Get, "/login");
        page.Headers.Add("Cookie", $"{antiforgery}; {session}");
        var token = TokenIn(await (await client.SendAsync(page)).Content.ReadAsStringAsync());
        var signedOut = await PostFormAsync(client, "/auth/logout", $"{antiforgery}; {session}", new() { ["__RequestVerificationToken"] = token });
        Assert.Equal("/login?signedOut=true", signedOut.Headers.Location?.OriginalString);

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HubConnectionState.Disconnected, hub.State);
    }

    [Fact]
    public async Task RevokingAReadKeyClosesItsOpenConnection()
    {
        var (_, read) = await console.KeyClientAsync(ApiKeyScopes.Read);
        await using var hub = Connect(new() { ["Authorization"] = $"ApiKey {read.Key}" });
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        await hub.StartAsync();

        await console.Keys.RevokeAsync(read.Summary.Id, "tests");

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private HubConnection Connect(Dictionary<string, string> headers) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(console.Server.BaseAddress, TailHub.Path.TrimStart('/')), options =>
            {
                options.Transports = HttpTransportType.LongPolling; // the in-memory test server has no WebSockets
                options.HttpMessageHandlerFactory = _ => console.Server.CreateHandler();
                foreach (var (name, value) in headers)
                {
                    options.Headers[name] = value;
                }
            })
            .Build();

    private async Task<string> SessionCookieAsync(string name)
    {
        await console.Users.CreateAsync(name, ConsoleRole.Viewer, AuthConsole.UserPassword);
        using var client = console.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var page = await client.GetAsync(new Uri("/login", UriKind.Relative));
        var html = await page.Content.ReadAsStringAsync();
        var token = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);
        using var login = new HttpRequestMessage(HttpMethod.Post, "/auth/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["name"] = name, ["password"] = AuthConsole.UserPassword }),
        };
        login.Headers.Add("Cookie", string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));
        var response = await client.SendAsync(login);
        return string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Where(c => c.StartsWith(".console.session=", StringComparison.Ordinal)));
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string cookies, Dictionary<string, string> form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("Cookie", cookies);
        return await client.SendAsync(request);
    }

    private static string CookiesOf(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.Select(c => c.Split(';')[0]) : []);

    private static string TokenIn(string html) =>
        WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);
}
