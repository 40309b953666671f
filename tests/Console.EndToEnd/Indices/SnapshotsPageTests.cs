using Console.EndToEnd.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Console.EndToEnd.Indices;

public sealed class SnapshotsPageTests(ConsoleServerFixture server, ChromiumFixture chromium) : BrowserTest(server, chromium)
{
    [Fact]
    public async Task Take_a_snapshot_of_a_ticked_index_restore_it_after_deleting_it_and_under_a_new_name_then_delete_the_snapshot()
    {
        var day = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
        await Server.IngestAsync("e2e-snap", day, day.AddMinutes(1), day.AddMinutes(2));
        await Server.IngestAsync("e2e-snap-other", day);
        const string index = "e2e-snap-2026.11.20";

        await Page.GotoInteractiveAsync("/snapshots");
        // Typing before the first list has loaded can be undone by the render that shows it.
        await Expect(Page.Locator("[data-testid=snapshot-create][data-loaded=true]")).ToBeVisibleAsync();
        var name = Page.GetByTestId("snapshot-name");
        await name.FillAsync("e2e-nightly");
        await name.PressAsync("Tab");
        await Page.GetByTestId("snapshot-indices").GetByText($"{index} (3 documents", new() { Exact = false }).ClickAsync();
        await Expect(Page.GetByText("Indices (1 of")).ToBeVisibleAsync();
        await Page.GetByTestId("snapshot-start").ClickAsync();

        var row = Row("e2e-nightly");
        await Expect(row.GetByTestId("snapshot-state")).ToHaveTextAsync("success");
        await Expect(row.GetByTestId("snapshot-row-indices")).ToHaveTextAsync(index);
        await Expect(row.GetByTestId("snapshot-progress")).ToContainTextAsync("files");
        var progress = await row.GetByTestId("snapshot-progress").InnerTextAsync();
        var files = progress.Split(' ');
        Assert.Equal(files[0], files[2]); // "N of N files"
        await Page.ScreenshotAsync(new() { Path = Screenshots.PathFor("snapshots.png"), FullPage = true });

        using (var deleted = await Server.Client.DeleteAsync(new Uri($"/api/indices/{index}", UriKind.Relative)))
        {
            deleted.EnsureSuccessStatusCode();
        }

        Assert.DoesNotContain(index, await Server.ListIndexNamesAsync());

        var dialog = Page.GetByRole(AriaRole.Dialog);
        await row.GetByRole(AriaRole.Button, new() { Name = "Restore e2e-nightly" }).ClickUntilVisibleAsync(dialog);
        await Page.ScreenshotAsync(new() { Path = Screenshots.PathFor("snapshot-restore.png"), FullPage = true });
        await dialog.GetByTestId("restore-confirm").ClickAsync();
        await Expect(Page.GetByText($"Restored {index}")).ToBeVisibleAsync();
        Assert.Contains(index, await Server.ListIndexNamesAsync());
        var search = await Server.Client.GetStringAsync(new Uri($"/api/search?index={index}&from=*", UriKind.Relative));
        Assert.Contains("\"total\":3", search, StringComparison.Ordinal);

        await row.GetByRole(AriaRole.Button, new() { Name = "Restore e2e-nightly" }).ClickUntilVisibleAsync(dialog);
        await dialog.GetByTestId("restore-confirm").ClickAsync();
        await Expect(dialog.GetByTestId("restore-error")).ToContainTextAsync($"index {index} exists");
        await dialog.GetByTestId("restore-prefix").FillAsync("copy-");
        await dialog.GetByTestId("restore-prefix").PressAsync("Tab");
        await dialog.GetByTestId("restore-confirm").ClickAsync();
        await Expect(Page.GetByText($"Restored copy-{index}")).ToBeVisibleAsync();
        Assert.Contains($"copy-{index}", await Server.ListIndexNamesAsync());

        await row.GetByRole(AriaRole.Button, new() { Name = "Delete snapshot e2e-nightly" }).ClickUntilVisibleAsync(dialog);
        await Expect(dialog).ToContainTextAsync("Delete snapshot e2e-nightly of 1 indices?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Expect(Row("e2e-nightly")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_snapshot_of_a_pattern_that_matches_nothing_says_why()
    {
        await Page.GotoInteractiveAsync("/snapshots");
        // Typing before the first list has loaded can be undone by the render that shows it.
        await Expect(Page.Locator("[data-testid=snapshot-create][data-loaded=true]")).ToBeVisibleAsync();
        // Under load the typed text can reach the server after the click, or a render can undo it; a user would look,
        // type again where it is gone, and click again.
        var pattern = Page.GetByTestId("snapshot-pattern");
        var refused = Page.GetByTestId("snapshot-error").GetByText("no index matches nothing-matches-*");
        for (var attempt = 1; attempt <= 5 && !await refused.IsVisibleAsync(); attempt++)
        {
            if (await pattern.InputValueAsync() != "nothing-matches-*")
            {
                await pattern.FillAsync("nothing-matches-*");
                await pattern.PressAsync("Tab");
            }

            await Page.GetByTestId("snapshot-start").ClickAsync();
            try
            {
                await refused.WaitForAsync(new() { Timeout = 5_000 });
            }
            catch (TimeoutException)
            {
                // Looked again at the top of the loop.
            }
        }

        await Expect(Page.GetByTestId("snapshot-error")).ToHaveTextAsync("no index matches nothing-matches-*");
    }

    private ILocator Row(string snapshot) =>
        Page.GetByTestId("snapshots").Locator("tbody tr").Filter(new()
        {
            Has = Page.GetByTestId("snapshot-row-name").And(Page.GetByText(snapshot, new() { Exact = true })),
        });
}
