using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Console.Web.Auth;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Console.Web.Tests.Support;

/// <summary>The console with sign-in on (<c>Auth:Mode=Required</c>), its administrator's password from the setting the environment variable feeds.</summary>
public partial class AuthConsole : ConsoleFactory
{
    public const string AdminPassword = "admin-password-for-tests";
    public const string UserPassword = "user-password-for-tests";

    public AuthConsole()
    {
        Settings["Auth:Mode"] = "Required";
        Settings[AuthOptions.AdminPasswordVariable] = AdminPassword;
    }

    public UserService Users => Services.GetRequiredService<UserService>();

    public ApiKeyService Keys => Services.GetRequiredService<ApiKeyService>();

    /// <summary>A client that keeps cookies and does not follow redirects, so tests see where the console sends it.</summary>
    public HttpClient AnonymousClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Creates the user when missing, then signs in through the login form as a browser does.</summary>
    public async Task<HttpClient> SignedInAsync(string name, ConsoleRole role)
    {
        if (!(await Users.ListAsync()).Any(u => u.Name == name))
        {
            var created = await Users.CreateAsync(name, role, UserPassword);
            Assert.True(created.Succeeded, created.Error);
        }

        var client = AnonymousClient();
        var response = await PostLoginAsync(client, name, UserPassword);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        return client;
    }

    public async Task<HttpClient> AdminAsync()
    {
        var client = AnonymousClient();
        var response = await PostLoginAsync(client, "admin", AdminPassword);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        return client;
    }

    /// <summary>Fetches the login page for its antiforgery token and posts the form.</summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string name, string password, string returnUrl = "/")
    {
        ArgumentNullException.ThrowIfNull(client);
        var token = await AntiforgeryTokenAsync(client, "/login");
        return await client.PostAsync(new Uri("/auth/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["name"] = name,
            ["password"] = password,
            ["returnUrl"] = returnUrl,
        }));
    }

    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string page)
    {
        ArgumentNullException.ThrowIfNull(client);
        var html = await client.GetStringAsync(new Uri(page, UriKind.Relative));
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, $"{page} has no antiforgery token");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>A client that sends <c>Authorization: ApiKey ...</c> with a new key of these scopes.</summary>
    public async Task<(HttpClient Client, ApiKeyCreated Key)> KeyClientAsync(ApiKeyScopes scopes)
    {
        var (created, error) = await Keys.CreateAsync($"test {scopes} {Guid.NewGuid():N}", scopes, "tests");
        Assert.True(created is not null, error);
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", created.Key);
        return (client, created);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
