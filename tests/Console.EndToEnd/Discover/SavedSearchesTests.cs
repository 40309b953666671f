using System.Net.Http.Json;
using System.Text.Json;
using Console.EndToEnd.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Console.EndToEnd.Discover;

/// <summary>Discover's saved searches in Chromium: kept in the console's database, so they outlive the page.</summary>
public sealed class SavedSearchesTests(ConsoleServerFixture server, ChromiumFixture chromium) : BrowserTest(server, chromium)
{
    private const string Index = "e2e-saved";

    [Fact]
    public async Task A_saved_search_outlives_a_reload_opens_from_the_list_and_is_deleted_after_confirmation()
    {
        await Server.IngestNdjsonAsync(Index, """
            {"@timestamp": "2026-11-23T10:00:00Z", "level": "ERROR", "message": "payment gateway unreachable"}
            {"@timestamp": "2026-11-23T10:00:01Z", "level": "INFO", "message": "lesson booked"}
            {"@timestamp": "2026-11-23T10:00:02Z", "level": "ERROR", "message": "celery task failed"}
            """);
        var name = $"E2E errors {Guid.NewGuid():N}"[..20];
        var view = $"/discover?index={Index}-*&q=log_level%3AERROR&from=2026-11-23T00:00:00Z&to=2026-11-24T00:00:00Z&columns=message";
        await Page.GotoInteractiveAsync(view);
        await Expect(Page.GetByTestId("hit-count")).ToHaveAttributeAsync("data-total", "2");

        // Save: a name is asked for, an empty one is refused with a reason.
        var saveDialog = Page.GetByRole(AriaRole.Dialog).Filter(new() { Has = Page.GetByTestId("saved-search-name") });
        await OpenAsync(Page.GetByTestId("save-search"), saveDialog);
        await saveDialog.GetByTestId("saved-search-save").ClickAsync();
        await Expect(saveDialog).ToContainTextAsync("name: give the search a name");
        await saveDialog.GetByTestId("saved-search-name").FillAsync(name);
        await saveDialog.GetByTestId("saved-search-save").ClickAsync();
        await Expect(saveDialog).ToHaveCountAsync(0);

        // A fresh page on Discover's defaults; the saved search is still listed and opens its view.
        await Page.GotoInteractiveAsync("/discover");
        var list = Page.GetByRole(AriaRole.Dialog).Filter(new() { Has = Page.GetByTestId("saved-searches-close") });
        var row = list.Locator($"[data-testid=saved-search][data-name=\"{name}\"]");
        await OpenAsync(Page.GetByTestId("open-saved-searches"), row);
        await row.GetByTestId("saved-search-open").ClickAsync();
        await Expect(Page.GetByTestId("query")).ToHaveValueAsync("log_level:ERROR");
        await Expect(Page.GetByTestId("hit-count")).ToHaveAttributeAsync("data-total", "2");
        Assert.Contains($"index={Index}-*", Uri.UnescapeDataString(Page.Url), StringComparison.Ordinal);
        Assert.Contains("columns=message", Page.Url, StringComparison.Ordinal);

        // Delete, after a confirmation.
        await OpenAsync(Page.GetByTestId("open-saved-searches"), row);
        var confirm = Page.GetByRole(AriaRole.Dialog).Filter(new() { HasText = "Delete the saved search" });
        await OpenAsync(row.GetByRole(AriaRole.Button, new() { Name = $"Delete {name}", Exact = true }), confirm);
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Expect(row).ToHaveCountAsync(0);

        var saved = await Server.Client.GetFromJsonAsync<List<JsonElement>>(new Uri("/api/saved-searches", UriKind.Relative), ConsoleServerFixture.ApiJson);
        Assert.DoesNotContain(saved!, s => s.GetProperty("name").GetString() == name);
    }

    /// <summary>
    /// Clicks <paramref name="button"/> until <paramref name="outcome"/> shows. A click lost in a render batch is
    /// clicked again, but only when no dialog opened: a second click would land on the new dialog's overlay.
    /// </summary>
    private async Task OpenAsync(ILocator button, ILocator outcome)
    {
        var dialogsBefore = await Page.Locator(".mud-dialog-container").CountAsync();
        for (var attempt = 1; ; attempt++)
        {
            await button.ClickAsync();
            try
            {
                await outcome.First.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 10_000 });
                return;
            }
            catch (TimeoutException ex)
            {
                if (await Page.Locator(".mud-dialog-container").CountAsync() != dialogsBefore)
                {
                    // The click landed and a dialog opened: on a busy machine its content may still be coming.
                    await Expect(outcome.First).ToBeVisibleAsync();
                    return;
                }

                if (attempt >= 3)
                {
                    throw new TimeoutException($"{outcome} did not show after 3 clicks and no dialog opened", ex);
                }
            }
        }
    }
}
