using System.Text;
using System.Text.RegularExpressions;
using Console.EndToEnd.Support;
using Console.Shared.Storage;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Console.EndToEnd.Discover;

/// <summary>Discover in Chromium: query suggestions, surrounding documents, the doc= link and the virtualized table.</summary>
public sealed class DiscoverContextTests(ConsoleServerFixture server, ChromiumFixture chromium) : BrowserTest(server, chromium)
{
    private const string Index = "e2e-context";
    private const string Range = "from=2026-11-23T10:00:00Z&to=2026-11-23T11:00:00Z";
    private const int Filler = 250;

    private static readonly SemaphoreSlim Loaded = new(1, 1);
    private static bool _ingested;

    /// <summary>Three requests interleaved around 10:00:10 (two events of one millisecond), then filler events, one a second.</summary>
    private async Task IngestOnceAsync()
    {
        await Loaded.WaitAsync();
        try
        {
            if (_ingested)
            {
                return;
            }

            var lines = new StringBuilder();
            void Add(string time, string service, string requestId, string message) => lines.AppendLine(
                $$"""{"@timestamp":"{{time}}","level":"INFO","service":"{{service}}","request_id":"{{requestId}}","message":"{{message}}"}""");
            Add("2026-11-23T10:00:07Z", "django-backend", "req-a", "req-a received");
            Add("2026-11-23T10:00:08Z", "celery-worker", "req-b", "req-b queued");
            Add("2026-11-23T10:00:09Z", "django-backend", "req-a", "req-a authorised");
            Add("2026-11-23T10:00:10.250Z", "django-backend", "req-a", "req-a anchor");
            Add("2026-11-23T10:00:10.250Z", "celery-worker", "req-b", "req-b same millisecond");
            Add("2026-11-23T10:00:11Z", "django-backend", "req-a", "req-a answered");
            Add("2026-11-23T10:00:12Z", "nginx", "req-c", "req-c logged");
            for (var i = 0; i < Filler; i++)
            {
                Add($"2026-11-23T10:{1 + i / 60:00}:{i % 60:00}Z", "cron", $"fill-{i}", $"filler {i}");
            }

            var answer = await Server.IngestNdjsonAsync(Index, lines.ToString());
            Assert.Equal(Filler + 7, answer.Accepted);
            _ingested = true;
        }
        finally
        {
            Loaded.Release();
        }
    }

    private async Task<SearchHit> HitAsync(string message)
    {
        var page = await Server.Store.SearchAsync(new SearchRequest(new LogQuery($"{Index}-*", $"message:\"{message}\"", null, null), 10));
        return page.Hits.Single(h => (string?)h.Source["message"] == message);
    }

    private static string Url(string q, string extra = "") => $"/discover?index={Index}-*&q={Uri.EscapeDataString(q)}&{Range}{extra}";

    private ILocator Surrounding(string side) => Page.Locator($"[data-testid=surrounding-document][data-side={side}]");

    [Fact]
    public async Task An_opened_rows_surrounding_documents_show_its_neighbours_by_time_and_by_request()
    {
        await IngestOnceAsync();
        await Page.GotoInteractiveAsync(Url("message:anchor"));
        await Expect(Page.GetByTestId("hit-count")).ToHaveAttributeAsync("data-total", "1");

        await Page.GetByTestId("document").ClickUntilVisibleAsync(Page.GetByTestId("document-details"));
        await Page.GetByTestId("surrounding-toggle").ClickUntilVisibleAsync(Page.GetByTestId("surrounding-documents"));

        // By time: five each side, the other event of the anchor's millisecond among the newer ones, nearest the anchor.
        await Expect(Surrounding("anchor").Locator("[data-column=message]")).ToHaveTextAsync("req-a anchor");
        await Expect(Surrounding("older").Locator("[data-column=message]")).ToHaveTextAsync(["req-a authorised", "req-b queued", "req-a received"]);
        await Expect(Surrounding("newer")).ToHaveCountAsync(5);
        await Expect(Surrounding("newer").Last.Locator("[data-column=message]")).ToHaveTextAsync("req-b same millisecond");

        // By the event's request: only req-a.
        await Page.Locator("[data-testid=surrounding-by][data-field=request_id]").ClickAsync();
        await Expect(Surrounding("newer").Locator("[data-column=message]")).ToHaveTextAsync(["req-a answered"]);
        await Expect(Surrounding("older").Locator("[data-column=message]")).ToHaveTextAsync(["req-a authorised", "req-a received"]);
        await Expect(Page.GetByTestId("surrounding-summary")).ToContainTextAsync("request_id:\"req-a\"");
        // The search itself is untouched.
        await Expect(Page.GetByTestId("query")).ToHaveValueAsync("message:anchor");
        await Page.ScreenshotAsync(new() { Path = Screenshots.PathFor("discover-surrounding.png"), FullPage = true });
    }

    [Fact]
    public async Task A_doc_link_opens_the_event_pinned_and_expanded_with_its_surrounding_documents()
    {
        await IngestOnceAsync();
        var anchor = await HitAsync("req-a anchor");
        await Page.GotoInteractiveAsync($"/discover?index={anchor.Index}&q=&from=2026-11-23T09:55:10Z&to=2026-11-23T10:05:10Z&doc={Uri.EscapeDataString(anchor.Id)}");

        await Expect(Page.GetByTestId("pinned-document")).ToHaveAttributeAsync("data-id", anchor.Id);
        await Expect(Page.GetByTestId("pinned-note")).ToContainTextAsync("Linked event");
        await Expect(Page.Locator($"[data-testid=document-details][data-id='{anchor.Id}'] [data-testid=document-field][data-field=request_id]")).ToContainTextAsync("req-a");
        await Expect(Surrounding("anchor")).ToHaveAttributeAsync("data-id", anchor.Id);
        await Expect(Surrounding("older")).ToHaveCountAsync(3); // nothing of this index is older than these three
        await Expect(Surrounding("newer")).ToHaveCountAsync(5);
        await Expect(Page).ToHaveURLAsync(new Regex("doc=" + Regex.Escape(Uri.EscapeDataString(anchor.Id))));
    }

    [Fact]
    public async Task Typing_serv_suggests_the_service_field_and_then_its_values()
    {
        await IngestOnceAsync();
        await Page.GotoInteractiveAsync(Url(""));
        await Expect(Page.GetByTestId("hit-count")).ToHaveAttributeAsync("data-total", (Filler + 7).ToString(System.Globalization.CultureInfo.InvariantCulture));

        var query = Page.GetByTestId("query");
        var fieldSuggestion = Page.Locator("[data-testid=query-suggestion][data-kind=field][data-value=service]");
        for (var attempt = 1; ; attempt++)
        {
            await query.ClearAsync();
            await query.PressSequentiallyAsync("serv", new() { Delay = 50 });
            try
            {
                await fieldSuggestion.WaitForAsync(new() { Timeout = 5_000 });
                break;
            }
            catch (TimeoutException) when (attempt < 3)
            {
            }
        }

        // Mouse for the field, keyboard for the value.
        await fieldSuggestion.ClickAsync();
        await Expect(query).ToHaveValueAsync("service:");
        var values = Page.Locator("[data-testid=query-suggestion][data-kind=value]");
        await Expect(values.First).ToHaveAttributeAsync("data-value", "cron");
        await Expect(Page.Locator("[data-testid=query-suggestion][data-value=celery-worker]")).ToBeVisibleAsync();

        await query.PressSequentiallyAsync("cel", new() { Delay = 50 });
        await Expect(values).ToHaveCountAsync(1);
        await query.PressAsync("ArrowDown");
        await Expect(values.First).ToHaveAttributeAsync("aria-selected", "true");
        await query.PressAsync("Enter");
        await Expect(query).ToHaveValueAsync("service:celery-worker ");

        await query.PressAsync("Enter");
        await Expect(Page.GetByTestId("hit-count")).ToHaveAttributeAsync("data-total", "2");
    }

    [Fact]
    public async Task Scrolling_to_the_end_of_the_table_loads_the_next_pages()
    {
        await IngestOnceAsync();
        await Page.GotoInteractiveAsync(Url("service:cron"));
        await Expect(Page.GetByTestId("hit-count")).ToHaveAttributeAsync("data-total", Filler.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var loaded = Page.GetByTestId("shown-count");
        await Expect(loaded).ToHaveAttributeAsync("data-loaded", Console.Web.Discover.DiscoverSearch.FirstPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));

        for (var attempt = 0; attempt < 40 && await loaded.GetAttributeAsync("data-loaded") != Filler.ToString(System.Globalization.CultureInfo.InvariantCulture); attempt++)
        {
            await ScrollTableToEndAsync();
            await Page.WaitForTimeoutAsync(250);
        }

        await Expect(loaded).ToHaveAttributeAsync("data-loaded", Filler.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // At the very end the oldest event is the last row rendered.
        var last = Page.GetByTestId("document").Last.Locator("[data-column=message]");
        for (var attempt = 0; attempt < 20 && await last.TextContentAsync() != "filler 0"; attempt++)
        {
            await ScrollTableToEndAsync();
            await Page.WaitForTimeoutAsync(250);
        }

        await Expect(last).ToHaveTextAsync("filler 0");
        Assert.True(await Page.GetByTestId("document").CountAsync() < Filler);
    }

    /// <summary>The table scrolls inside itself; takes its scrolling box to the bottom, as a wheel would.</summary>
    private async Task ScrollTableToEndAsync() => await Page.GetByTestId("documents").EvaluateAsync("""
        table => {
            for (const box of [table, ...table.querySelectorAll('*')]) {
                if (box.scrollHeight > box.clientHeight + 4 && getComputedStyle(box).overflowY !== 'visible') {
                    box.scrollTop = box.scrollHeight;
                    return;
                }
            }
            window.scrollTo(0, document.body.scrollHeight);
        }
        """);
}
