using Console.EndToEnd.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Console.EndToEnd.Indices;

public sealed class HealthPageTests(ConsoleServerFixture server, ChromiumFixture chromium) : BrowserTest(server, chromium)
{
    [Fact]
    public async Task The_health_page_shows_store_ingest_queue_disk_and_receivers_and_refreshes_itself()
    {
        await Server.IngestAsync("e2e-health", DateTimeOffset.UtcNow.AddMinutes(-1));

        await Page.GotoInteractiveAsync("/health");

        await Expect(Page.GetByTestId("health-status")).ToHaveAttributeAsync("data-status", "green");
        await Expect(Page.GetByTestId("store-status")).ToHaveTextAsync("green");
        await Expect(Page.GetByTestId("queue-depth")).ToContainTextAsync(" of ");
        await Expect(Page.GetByTestId("health-disk").GetByTestId("disk-row").Filter(new() { HasText = "e2e-health-" })).ToHaveCountAsync(1);
        var tcp = Page.GetByTestId("receiver-row").Filter(new() { HasText = "tcp-json" });
        await Expect(tcp.GetByTestId("receiver-state")).ToHaveTextAsync("listening");
        var http = Page.GetByTestId("receiver-row").Filter(new() { HasText = "http-ndjson" });
        var before = await http.Locator("td").Nth(5).InnerTextAsync();

        // Without reloading: the page reads the health again every few seconds.
        await Server.IngestAsync("e2e-health", DateTimeOffset.UtcNow);
        await Expect(http.Locator("td").Nth(5)).Not.ToHaveTextAsync(before, new() { Timeout = 20_000 });
        await Page.ScreenshotAsync(new() { Path = Screenshots.PathFor("health.png"), FullPage = true });
    }

    [Fact]
    public async Task The_navigation_reaches_the_new_pages()
    {
        await Page.GotoInteractiveAsync("/indices");

        await Page.GetByRole(AriaRole.Link, new() { Name = "Health" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/health$"));
        await Page.GetByRole(AriaRole.Link, new() { Name = "Snapshots" }).First.ClickAsync();
        await Expect(Page.GetByTestId("snapshot-create")).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "Retention" }).ClickAsync();
        await Expect(Page.GetByTestId("policies")).ToBeVisibleAsync();
    }
}
