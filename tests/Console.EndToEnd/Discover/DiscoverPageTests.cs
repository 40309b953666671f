using System.Text.Json;
using System.Text.RegularExpressions;
using Console.EndToEnd.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Console.EndToEnd.Discover;

/// <summary>Discover in Chromium over the Django JSON corpus, counts checked against ../shared/corpus/manifest.json.</summary>
public sealed partial class DiscoverPageTests(ConsoleServerFixture server, ChromiumFixture chromium) : BrowserTest(server, chromium)
{
    private const string Index = "e2e-discover";
    private const string Range = "from=2026-11-23T00:00:00Z&to=2026-11-25T00:00:00Z";

    private static readonly SemaphoreSlim Loaded = new(1, 1);
    private static bool _corpusIngested;

    private static JsonElement Truth => CorpusFiles.Truth("django/thebot.json.log");

    private async Task IngestCorpusOnceAsync()
    {
        await Loaded.WaitAsync();
        try
        {
            if (!_corpusIngested)
            {
                var answer = await Server.IngestNdjsonAsync(Index, await File.ReadAllTextAsync(CorpusFiles.PathOf("django/thebot.json.log")));
                Assert.Equal(Truth.GetProperty("records").GetInt32(), answer.Accepted);
                _corpusIngested = true;
            }
        }
        finally
        {
            Loaded.Release();
        }
    }

    private static string Url(string q, string extra = "", string range = Range) =>
        $"/discover?index={Index}-*&q={Uri.EscapeDataString(q)}&{range}{extra}";

    private ILocator HitCount => Page.GetByTestId("hit-count");

    /// <summary>The query field with its helper line, where a validation error shows.</summary>
    private ILocator QueryControl => Page.Locator(".mud-input-control").Filter(new() { Has = Page.GetByTestId("query") });

    /// <summary>Types <paramref name="q"/> and presses Enter until the hit count shows (see <see cref="BlazorCircuit.ClickUntilVisibleAsync"/> for why again).</summary>
    private async Task RunQueryAsync(string q, int expectedTotal)
    {
        var expected = expectedTotal.ToString(System.Globalization.CultureInfo.InvariantCulture);
        for (var attempt = 1; ; attempt++)
        {
            await Page.GetByTestId("query").FillAsync(q);
            await Page.GetByTestId("query").PressAsync("Enter");
            try
            {
                await Expect(HitCount).ToHaveAttributeAsync("data-total", expected, new() { Timeout = 5_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>Types <paramref name="text"/> into <paramref name="input"/> as a user would, again if <paramref name="outcome"/> does not show.</summary>
    private static async Task TypeUntilAsync(ILocator input, string text, ILocator outcome)
    {
        for (var attempt = 1; ; attempt++)
        {
            await input.ClearAsync();
            await input.PressSequentiallyAsync(text);
            try
            {
                await outcome.First.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 5_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 3)
            {
            }
        }
    }

    [Fact]
    public async Task Seed_queries_show_the_manifests_counts_with_a_histogram_and_rows()
    {
        await IngestCorpusOnceAsync();
        var byLevel = Truth.GetProperty("by_level");

        await Page.GotoInteractiveAsync(Url(""));
        await Expect(HitCount).ToHaveAttributeAsync("data-total", Truth.GetProperty("records").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(Page.GetByTestId("histogram")).ToHaveAttributeAsync("data-total", Truth.GetProperty("records").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(Page.Locator("#hits-histogram .main-svg").First).ToBeVisibleAsync();
        // The first page is loaded; only the rows in view are rendered.
        await Expect(Page.GetByTestId("shown-count")).ToHaveAttributeAsync("data-loaded", Console.Web.Discover.DiscoverSearch.FirstPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(await Page.GetByTestId("document").CountAsync(), 1, Console.Web.Discover.DiscoverSearch.FirstPageSize - 1);

        foreach (var level in byLevel.EnumerateObject())
        {
            await RunQueryAsync($"log_level: {level.Name}", level.Value.GetInt32());
            await Expect(Page).ToHaveURLAsync(new Regex("q=log_level(%3A|:)(%20|\\+)" + level.Name));
        }

        await Page.ScreenshotAsync(new() { Path = Screenshots.PathFor("discover.png"), FullPage = true });
    }

    [Fact]
    public async Task A_bad_query_is_flagged_while_typing_with_its_position()
    {
        await IngestCorpusOnceAsync();
        await Page.GotoInteractiveAsync(Url("log_level:ERROR"));
        await Expect(HitCount).ToHaveAttributeAsync("data-total", Truth.GetProperty("by_level").GetProperty("ERROR").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));

        var query = Page.GetByTestId("query");
        await TypeUntilAsync(query, "log_level:(ERROR OR", QueryControl.GetByText("at character", new() { Exact = false }));
        await query.PressSequentiallyAsync(" WARNING)");
        await Expect(QueryControl).Not.ToContainTextAsync("at character");
    }

    [Fact]
    public async Task A_top_value_filter_narrows_the_query_and_a_column_can_be_added()
    {
        await IngestCorpusOnceAsync();
        await Page.GotoInteractiveAsync(Url(""));
        await Expect(HitCount).ToHaveAttributeAsync("data-total", Truth.GetProperty("records").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));

        var field = Page.Locator("[data-testid=field][data-field=logger]");
        var topValues = Page.Locator("[data-testid=top-values][data-field=logger]");
        await field.GetByRole(AriaRole.Button, new() { Name = "logger", Exact = true }).ClickUntilVisibleAsync(topValues);
        await Expect(topValues.GetByTestId("top-value")).ToHaveCountAsync(5);

        var byLogger = Truth.GetProperty("by_logger").EnumerateObject().OrderByDescending(l => l.Value.GetInt32()).First();
        await topValues.GetByRole(AriaRole.Button, new() { Name = $"Filter for logger: {byLogger.Name}", Exact = true }).ClickAsync();
        await Expect(HitCount).ToHaveAttributeAsync("data-total", byLogger.Value.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(Page.GetByTestId("query")).ToHaveValueAsync($"logger:\"{byLogger.Name}\"");

        await field.GetByRole(AriaRole.Button, new() { Name = "Add column logger", Exact = true }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("columns=logger"));
        await Expect(Page.GetByTestId("column-header")).ToHaveTextAsync(["logger"]);
        await Expect(Page.GetByTestId("document-cell").First).ToHaveTextAsync(byLogger.Name);
    }

    [Fact]
    public async Task A_query_typed_as_soon_as_the_page_shows_is_kept_and_searched()
    {
        await IngestCorpusOnceAsync();
        var errors = Truth.GetProperty("by_level").GetProperty("ERROR").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);

        // No wait for the circuit, as a user types as soon as the page is painted: the prerendered query field is
        // disabled, so fill waits for the circuit's field (see IndicesPageTests). An enabled prerendered field lost the text.
        await Page.GotoAsync(Url(""));
        var query = Page.GetByTestId("query");
        await query.FillAsync("log_level:ERROR");

        await Expect(Page.Locator(BlazorCircuit.InteractiveSelector)).ToBeAttachedAsync();
        await Expect(query).ToHaveValueAsync("log_level:ERROR");
        await Page.GetByTestId("search").ClickAsync();
        await Expect(HitCount).ToHaveAttributeAsync("data-total", errors);
    }

    [Fact]
    public async Task A_shared_link_reproduces_the_view_and_a_row_opens_into_its_fields_and_json()
    {
        await IngestCorpusOnceAsync();
        var requestId = "6700603b912bd2e4f5fd0e7df1a94eae"; // the first GET /api/health/ of the corpus
        await Page.GotoInteractiveAsync(Url($"request_id:\"{requestId}\"", "&columns=request_id,message"));

        await Expect(HitCount).ToHaveAttributeAsync("data-total", "1");
        await Expect(Page.GetByTestId("column-header")).ToHaveTextAsync(["request_id", "message"]);
        await Page.GetByTestId("document").ClickUntilVisibleAsync(Page.GetByTestId("document-details"));
        await Expect(Page.Locator("[data-testid=document-field][data-field=request_id]")).ToContainTextAsync(requestId);
        await Page.GetByRole(AriaRole.Tab, new() { Name = "JSON" }).ClickAsync();
        await Expect(Page.GetByTestId("document-json")).ToContainTextAsync($"\"request_id\": \"{requestId}\"");
    }

    [Fact]
    public async Task Export_csv_downloads_every_hit_of_the_view_not_just_the_loaded_page()
    {
        await IngestCorpusOnceAsync();
        var infos = Truth.GetProperty("by_level").GetProperty("INFO").GetInt32();
        await Page.GotoInteractiveAsync(Url("log_level:INFO", "&columns=logger,message"));
        await Expect(HitCount).ToHaveAttributeAsync("data-total", infos.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(infos > 100); // more hits than the table loads at once

        var download = await Page.RunAndWaitForDownloadAsync(() => Page.GetByTestId("export-csv").ClickAsync());
        var path = Screenshots.PathFor("export.csv");
        await download.SaveAsAsync(path);
        var records = CsvRecords(await File.ReadAllTextAsync(path));

        Assert.Equal(["@timestamp", "logger", "message"], records[0]);
        Assert.Equal(infos, records.Count - 1);
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
    }

    /// <summary>RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks.</summary>
    private static List<List<string>> CsvRecords(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
            }
            else if (c != '\r')
            {
                field.Append(c);
            }
        }

        return records;
    }

    [Fact]
    public async Task Dragging_across_the_histogram_zooms_into_that_time()
    {
        await IngestCorpusOnceAsync();
        // The corpus's records span 40 seconds from 23:14:44; a minute around them gives one-second bars.
        await Page.GotoInteractiveAsync(Url("", range: "from=2026-11-23T23:14:30Z&to=2026-11-23T23:15:30Z"));
        await Expect(HitCount).ToHaveAttributeAsync("data-total", Truth.GetProperty("records").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));

        var plot = Page.Locator("#hits-histogram .nsewdrag").First;
        await Expect(plot).ToBeVisibleAsync();
        var box = await plot.BoundingBoxAsync() ?? throw new InvalidOperationException("the histogram has no plot area");
        await Page.Mouse.MoveAsync(box.X + box.Width * 0.40f, box.Y + box.Height / 2);
        await Page.Mouse.DownAsync();
        await Page.Mouse.MoveAsync(box.X + box.Width * 0.50f, box.Y + box.Height / 2, new() { Steps = 8 });
        await Page.Mouse.MoveAsync(box.X + box.Width * 0.60f, box.Y + box.Height / 2, new() { Steps = 8 });
        await Page.Mouse.UpAsync();

        await Expect(HitCount).Not.ToHaveAttributeAsync("data-total", Truth.GetProperty("records").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Matches(@"from=2026-11-23T23(%3A|:)1[45](%3A|:)\d\d\.\d{3}Z", Page.Url);
        Assert.DoesNotContain("from=2026-11-23T23%3A14%3A30Z", Page.Url, StringComparison.Ordinal);
        var total = long.Parse(await HitCount.GetAttributeAsync("data-total") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(total, 1, Truth.GetProperty("records").GetInt32() - 1);
    }
}
