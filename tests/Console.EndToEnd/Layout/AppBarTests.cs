using Console.EndToEnd.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Console.EndToEnd.Layout;

public sealed class AppBarTests(ConsoleServerFixture server, ChromiumFixture chromium) : BrowserTest(server, chromium)
{
    [Fact]
    public async Task DarkThemeToggle_Clicked_ChangesThePageBackgroundAndBackAgain()
    {
        await Page.GotoInteractiveAsync("/indices");
        var body = Page.Locator("body");
        var light = await body.EvaluateAsync<string>("element => getComputedStyle(element).backgroundColor");
        var toggle = Page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark theme" });

        await toggle.ClickAsync();
        await Expect(body).Not.ToHaveCSSAsync("background-color", light);

        await toggle.ClickAsync();
        await Expect(body).ToHaveCSSAsync("background-color", light);
    }
}
