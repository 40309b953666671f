using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Console.EndToEnd.Support;
using Console.Web.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Console.EndToEnd.Auth;

/// <summary>
/// Signing in and out in Chromium, with the console's Content-Security-Policy in force: Discover (Blazor, MudBlazor
/// and the Plotly histogram) must work without a single policy violation.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class SignInTests(SignInServer server, ChromiumFixture chromium) : IClassFixture<SignInServer>, IAsyncLifetime
{
    private static readonly DateTimeOffset Day = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private IBrowserContext? _context;
    private readonly List<string> _problems = [];

    public async Task InitializeAsync()
    {
        _context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.Console.BaseAddress.ToString() });
        _context.SetDefaultTimeout(30_000);
        // Every CSP violation on any page of this context is kept where the test can read it.
        await _context.AddInitScriptAsync("""
            window.__cspViolations = [];
            document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));
            """);
    }

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.CloseAsync();
        }
    }

    [Fact]
    public async Task SignIn_SeeDiscoverWithItsHistogram_SignOut_AndBeSentBackToTheLoginPage()
    {
        await IngestWithAKeyAsync();
        var page = await _context!.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _problems.Add($"{message.Text} {message.Location}");
            }
        };
        page.PageError += (_, error) => _problems.Add(error);

        var discover = $"/discover?index=signin-*&from={Day.AddHours(-1):yyyy-MM-ddTHH:mm:ssZ}&to={Day.AddHours(1):yyyy-MM-ddTHH:mm:ssZ}";
        await page.GotoAsync(discover);
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?returnUrl=%2Fdiscover"));

        await page.Locator("#name").FillAsync("admin");
        await page.Locator("#password").FillAsync(SignInServer.AdminPassword);
        await page.GetByTestId("sign-in").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/discover\\?index=signin-"));
        await page.WaitForInteractiveAsync();
        await Expect(page.Locator("#hits-histogram .main-svg").First).ToBeVisibleAsync();
        await Expect(page.GetByText("signed-in event 3 of 3")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("nav-users")).ToBeVisibleAsync();

        // The histogram is drawn and the rows are shown: nothing on Discover broke the policy...
        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__cspViolations"));
        // ...and the policy is really in force (this image from another origin must be blocked and reported).
        await page.EvaluateAsync("() => document.body.insertAdjacentHTML('beforeend', '<img src=\"http://blocked.invalid/x.png\">')");
        var reported = await WaitForViolationAsync(page);
        Assert.Contains(reported, v => v.StartsWith("img-src http://blocked.invalid", StringComparison.Ordinal));

        await page.GetByTestId("account-menu").ClickAsync();
        await page.GetByTestId("sign-out").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?signedOut=true"));
        await Expect(page.GetByTestId("signed-out")).ToBeVisibleAsync();

        await page.GotoAsync("/discover");
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?returnUrl=%2Fdiscover"));

        var cspErrors = _problems.Where(p => p.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) && !p.Contains("blocked.invalid", StringComparison.Ordinal)).ToList();
        Assert.True(cspErrors.Count == 0, string.Join('\n', _problems));
    }

    [Fact]
    public async Task AViewerSeesNoAdministrationLinks_AndIsRefusedTheUsersPage()
    {
        var users = server.Console.Services.GetRequiredService<UserService>();
        await users.CreateAsync("e2e-viewer", ConsoleRole.Viewer, "viewer-password-e2e");
        var page = await _context!.NewPageAsync();
        await page.GotoAsync("/login");
        await page.Locator("#name").FillAsync("e2e-viewer");
        await page.Locator("#password").FillAsync("viewer-password-e2e");
        await page.GetByTestId("sign-in").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/$"));
        await page.WaitForSelectorAsync("text=Live tail");
        await Expect(page.GetByTestId("nav-users")).ToHaveCountAsync(0);

        await page.GotoAsync("/admin/users");
        await Expect(page).ToHaveURLAsync(new Regex("/access-denied"));
    }

    private static async Task<string[]> WaitForViolationAsync(IPage page)
    {
        await page.WaitForFunctionAsync("() => window.__cspViolations.length > 0", null, new() { Timeout = 10_000 });
        return await page.EvaluateAsync<string[]>("() => window.__cspViolations");
    }

    private async Task IngestWithAKeyAsync()
    {
        var keys = server.Console.Services.GetRequiredService<ApiKeyService>();
        var (created, _) = await keys.CreateAsync("e2e ingest", ApiKeyScopes.Ingest | ApiKeyScopes.Read, "tests");
        server.Console.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", created!.Key);
        var ndjson = string.Join('\n', Enumerable.Range(1, 3).Select(i =>
            $$"""{"@timestamp":"{{Day.AddMinutes(i):O}}","level":"{{(i == 2 ? "error" : "info")}}","message":"signed-in event {{i}} of 3"}"""));
        await server.Console.IngestNdjsonAsync("signin", ndjson);
    }
}
