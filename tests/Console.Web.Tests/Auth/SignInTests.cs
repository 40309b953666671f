using System.Net;
using System.Text;
using Console.Web.Auth;
using Console.Web.Tests.Support;

namespace Console.Web.Tests.Auth;

public sealed class SignInTests : IDisposable
{
    private readonly AuthConsole _console = new() { Settings = { ["Auth:MaxFailedAttempts"] = "3", ["Auth:LockoutDuration"] = "00:00:02" } };

    public void Dispose() => _console.Dispose();

    [Fact]
    public async Task TheAdministratorFromTheEnvironmentSignsInWithoutChangingThePassword()
    {
        using var admin = await _console.AdminAsync();
        var me = await admin.GetStringAsync(new Uri("/api/auth/me", UriKind.Relative));
        Assert.Contains("\"role\":\"Admin\"", me, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongPasswordIsRefusedWithoutSayingWhetherTheUserExists()
    {
        using var client = _console.AnonymousClient();
        var unknown = await AuthConsole.PostLoginAsync(client, "nobody", "whatever-password");
        var wrong = await AuthConsole.PostLoginAsync(client, "admin", "not-the-password");
        Assert.StartsWith("/login?error=invalid", unknown.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.StartsWith("/login?error=invalid", wrong.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/api/search", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task AfterTooManyFailuresTheAccountIsLocked_EvenForTheRightPassword_UntilTheLockEnds()
    {
        await _console.Users.CreateAsync("locky", ConsoleRole.Viewer, AuthConsole.UserPassword);
        using var client = _console.AnonymousClient();
        for (var i = 0; i < 2; i++)
        {
            Assert.Contains("error=invalid", (await AuthConsole.PostLoginAsync(client, "locky", "wrong-password")).Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        Assert.Contains("error=locked", (await AuthConsole.PostLoginAsync(client, "locky", "wrong-password")).Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("error=locked", (await AuthConsole.PostLoginAsync(client, "locky", AuthConsole.UserPassword)).Headers.Location!.OriginalString, StringComparison.Ordinal);
        var page = await client.GetStringAsync(new Uri((await AuthConsole.PostLoginAsync(client, "locky", AuthConsole.UserPassword)).Headers.Location!.OriginalString, UriKind.Relative));
        Assert.Contains("Too many failed attempts", page, StringComparison.Ordinal);

        var after = await Eventually.Get(() => AuthConsole.PostLoginAsync(client, "locky", AuthConsole.UserPassword),
            r => r.Headers.Location?.OriginalString == "/", TimeSpan.FromSeconds(30));
        Assert.Equal("/", after.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/discover?q=x", "/discover?q=x")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("javascript:alert(1)", "/")]
    [InlineData("/login", "/")]
    public async Task TheReturnUrlMustBeAPathOfThisConsole(string returnUrl, string expected)
    {
        await _console.Users.CreateAsync("returner", ConsoleRole.Viewer, AuthConsole.UserPassword);
        using var client = _console.AnonymousClient();
        var response = await AuthConsole.PostLoginAsync(client, "returner", AuthConsole.UserPassword, returnUrl);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task ALoginWithoutTheAntiforgeryTokenIsRefused()
    {
        using var client = _console.AnonymousClient();
        var response = await client.PostAsync(new Uri("/auth/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = "admin",
            ["password"] = AuthConsole.AdminPassword,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AOneTimePasswordMustBeChangedBeforeTheFirstSession()
    {
        var created = await _console.Users.CreateAsync("newcomer", ConsoleRole.Editor, password: null);
        using var client = _console.AnonymousClient();
        var first = await AuthConsole.PostLoginAsync(client, "newcomer", created.OneTimePassword!);
        Assert.StartsWith("/account/password?required=true&name=newcomer", first.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/api/search", UriKind.Relative))).StatusCode);

        var weak = await ChangePasswordAsync(client, "newcomer", created.OneTimePassword!, "short");
        Assert.Contains("error=weak", weak.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var changed = await ChangePasswordAsync(client, "newcomer", created.OneTimePassword!, "a-password-of-my-own");
        Assert.Equal("/", changed.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/search", UriKind.Relative))).StatusCode);

        using var again = _console.AnonymousClient();
        Assert.Contains("error=invalid", (await AuthConsole.PostLoginAsync(again, "newcomer", created.OneTimePassword!)).Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal("/", (await AuthConsole.PostLoginAsync(again, "newcomer", "a-password-of-my-own")).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SigningOutEndsTheSessionOnTheServer_SoAReplayedCookieIsRefused()
    {
        await _console.Users.CreateAsync("leaver", ConsoleRole.Viewer, AuthConsole.UserPassword);
        // Cookies by hand, to keep a copy of the session cookie as a thief would.
        using var client = _console.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var loginPage = await client.GetAsync(new Uri("/login", UriKind.Relative));
        var antiforgeryCookie = CookiesOf(loginPage);
        var token = TokenIn(await loginPage.Content.ReadAsStringAsync());
        using var login = new HttpRequestMessage(HttpMethod.Post, "/auth/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["name"] = "leaver", ["password"] = AuthConsole.UserPassword }),
        };
        login.Headers.Add("Cookie", antiforgeryCookie);
        var session = CookiesOf(await client.SendAsync(login));
        Assert.Contains(".console.session=", session, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await SendWithCookie(client, HttpMethod.Get, "/api/search", session)).StatusCode);
        // An antiforgery token belongs to a user: the sign-out form carries one issued after signing in.
        token = TokenIn(await (await SendWithCookie(client, HttpMethod.Get, "/login", $"{antiforgeryCookie}; {session}")).Content.ReadAsStringAsync());
        using var signOut = new HttpRequestMessage(HttpMethod.Post, "/auth/logout")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }),
        };
        signOut.Headers.Add("Cookie", $"{antiforgeryCookie}; {session}");
        var signedOut = await client.SendAsync(signOut);
        Assert.Equal("/login?signedOut=true", signedOut.Headers.Location?.OriginalString);

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendWithCookie(client, HttpMethod.Get, "/api/search", session)).StatusCode);
    }

    [Fact]
    public async Task SignOutWithoutTheFormsTokenIsRefused()
    {
        using var client = await _console.SignedInAsync("stayer", ConsoleRole.Viewer);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync(new Uri("/auth/logout", UriKind.Relative), null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/search", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task DisablingAUserOrChangingTheRoleEndsTheirSessions()
    {
        using var disabled = await _console.SignedInAsync("to-disable", ConsoleRole.Editor);
        using var demoted = await _console.SignedInAsync("to-demote", ConsoleRole.Editor);
        var users = await _console.Users.ListAsync();
        Assert.True((await _console.Users.SetDisabledAsync(users.Single(u => u.Name == "to-disable").Id, true)).Succeeded);
        Assert.True((await _console.Users.SetRoleAsync(users.Single(u => u.Name == "to-demote").Id, ConsoleRole.Viewer)).Succeeded);

        Assert.Equal(HttpStatusCode.Unauthorized, (await disabled.GetAsync(new Uri("/api/search", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await demoted.GetAsync(new Uri("/api/search", UriKind.Relative))).StatusCode);
        using var again = _console.AnonymousClient();
        Assert.Contains("error=disabled", (await AuthConsole.PostLoginAsync(again, "to-disable", AuthConsole.UserPassword)).Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheLastAdministratorCannotBeDisabledOrDemoted()
    {
        var admin = (await _console.Users.ListAsync()).Single(u => u.Name == "admin");
        Assert.False((await _console.Users.SetDisabledAsync(admin.Id, true)).Succeeded);
        Assert.False((await _console.Users.SetRoleAsync(admin.Id, ConsoleRole.Editor)).Succeeded);
    }

    [Fact]
    public async Task UsersApi_CreatesWithAOneTimePassword_ResetsAndValidates()
    {
        using var admin = await _console.AdminAsync();
        using var create = new StringContent("{\"name\":\"api-made\",\"role\":\"Editor\"}", Encoding.UTF8, "application/json");
        var created = await admin.PostAsync(new Uri("/api/users", UriKind.Relative), create);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(20, body.GetProperty("one_time_password").GetString()!.Length);
        Assert.Equal("Editor", body.GetProperty("user").GetProperty("role").GetString());

        using var duplicate = new StringContent("{\"name\":\"API-MADE\"}", Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync(new Uri("/api/users", UriKind.Relative), duplicate)).StatusCode);
        using var badRole = new StringContent("{\"name\":\"x\",\"role\":\"Root\"}", Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync(new Uri("/api/users", UriKind.Relative), badRole)).StatusCode);

        var id = body.GetProperty("user").GetProperty("id").GetInt64();
        var reset = await admin.PostAsync(new Uri($"/api/users/{id}/reset-password", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Contains("\"must_change_password\":true", await reset.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> ChangePasswordAsync(HttpClient client, string name, string current, string next)
    {
        var token = await AuthConsole.AntiforgeryTokenAsync(client, "/account/password");
        return await client.PostAsync(new Uri("/auth/password", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["name"] = name,
            ["currentPassword"] = current,
            ["newPassword"] = next,
            ["confirmPassword"] = next,
            ["returnUrl"] = "/",
        }));
    }

    private static async Task<HttpResponseMessage> SendWithCookie(HttpClient client, HttpMethod method, string path, string cookie)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    private static string CookiesOf(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : []);

    private static string TokenIn(string html)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"");
        Assert.True(match.Success);
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }
}
