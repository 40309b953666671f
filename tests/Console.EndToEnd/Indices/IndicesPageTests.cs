using Console.EndToEnd.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Console.EndToEnd.Indices;

public sealed class IndicesPageTests(ConsoleServerFixture server, ChromiumFixture chromium) : BrowserTest(server, chromium)
{
    [Fact]
    public async Task IndicesPage_AfterIngest_ListsEachDailyIndexWithItsDocumentCount()
    {
        var ingest = await Server.IngestAsync("thebot-logs",
            At(23, 9), At(23, 12), At(23, 23), // three events on 23 November (UTC) ...
            At(24, 0), At(24, 8)); //            ... and two on the 24th
        Assert.Equal(5, ingest.Accepted);

        await Page.GotoInteractiveAsync("/indices");

        await Expect(Page.GetByTestId("indices")).ToBeVisibleAsync();
        await Expect(Row("thebot-logs-2026.11.23").GetByTestId("index-docs")).ToHaveTextAsync("3");
        await Expect(Row("thebot-logs-2026.11.24").GetByTestId("index-docs")).ToHaveTextAsync("2");
    }

    [Fact]
    public async Task PatternTypedAsSoonAsThePageShows_BeforeTheCircuitIsUp_IsNotLost()
    {
        await Server.IngestAsync("e2e-early", At(27, 10));

        // No wait for the circuit: a user types as soon as the page is painted. The prerendered field (which Blazor
        // replaces with the interactive one) is disabled, so the text goes into the interactive field: fill waits for an
        // enabled field, as a user sees the field turn enabled. A field enabled from the start lost this text.
        await Page.GotoAsync("/indices");
        var pattern = Page.GetByTestId("pattern");
        await pattern.FillAsync("e2e-early-*");

        await Expect(Page.Locator(BlazorCircuit.InteractiveSelector)).ToBeAttachedAsync();
        await Expect(pattern).ToHaveValueAsync("e2e-early-*");
        await Expect(Page.Locator("[data-testid=indices][data-loaded='e2e-early-*']")).ToBeAttachedAsync(new() { Timeout = 30_000 });
        await Expect(Row("e2e-early-2026.11.27")).ToHaveCountAsync(1);
        await Expect(Page.GetByTestId("index-name")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task DeleteButton_Confirmed_RemovesTheIndexFromTheTableAndTheApi()
    {
        await Server.IngestAsync("e2e-delete", At(25, 10), At(26, 10));
        await Page.GotoInteractiveAsync("/indices");

        var dialog = Page.GetByRole(AriaRole.Dialog);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Delete e2e-delete-2026.11.25", Exact = true }).ClickUntilVisibleAsync(dialog);
        await Expect(dialog).ToContainTextAsync("Delete e2e-delete-2026.11.25 and its 1 documents?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();

        await Expect(Row("e2e-delete-2026.11.25")).ToHaveCountAsync(0);
        await Expect(Row("e2e-delete-2026.11.26")).ToHaveCountAsync(1);
        var listed = await Server.ListIndexNamesAsync();
        Assert.DoesNotContain("e2e-delete-2026.11.25", listed);
        Assert.Contains("e2e-delete-2026.11.26", listed);
    }

    [Fact]
    public async Task DeleteButton_Cancelled_KeepsTheIndex()
    {
        await Server.IngestAsync("e2e-cancel", At(27, 10));
        await Page.GotoInteractiveAsync("/indices");

        var dialog = Page.GetByRole(AriaRole.Dialog);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Delete e2e-cancel-2026.11.27", Exact = true }).ClickUntilVisibleAsync(dialog);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();

        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(Row("e2e-cancel-2026.11.27")).ToHaveCountAsync(1);
        Assert.Contains("e2e-cancel-2026.11.27", await Server.ListIndexNamesAsync());
    }

    private static DateTimeOffset At(int day, int hour) => new(2026, 11, day, hour, 0, 0, TimeSpan.Zero);

    /// <summary>The table row whose name cell is exactly <paramref name="index"/>.</summary>
    private ILocator Row(string index) =>
        Page.GetByTestId("indices").Locator("tbody tr").Filter(new()
        {
            Has = Page.GetByTestId("index-name").And(Page.GetByText(index, new() { Exact = true })),
        });
}
