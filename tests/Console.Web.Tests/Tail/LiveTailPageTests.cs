using System.Text.Json.Nodes;
using Bunit;
using Console.Ingest.Tail;
using Console.Shared.Events;
using Console.Shared.Query.Limits;
using Console.Shared.Storage;
using Console.Shared.Storage.Embedded;
using Console.Web.Searching;
using Console.Web.Tail;
using Console.Web.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace Console.Web.Tests.Tail;

/// <summary>The tail page's state in bUnit: following the newest row, holding rows while the viewer reads older ones, the Discover link.</summary>
public sealed class LiveTailPageTests : IAsyncDisposable
{
    private readonly BunitContext _context = new();
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "console-bunit-tail-" + Guid.NewGuid().ToString("N"));
    private readonly LuceneLogStore _store;
    private readonly LiveTailFeed _feed = new();
    private readonly LogEventNormalizer _normalizer = new(TimeProvider.System);

    // One search at a time per user, so a test can hold the user's only slot.
    private readonly SearchConcurrencyLimiter _limiter = new(Options.Create(new QueryLimitsOptions { MaxConcurrentSearchesPerUser = 1 }), TimeProvider.System);
    private int _sent;

    public LiveTailPageTests()
    {
        _store = new LuceneLogStore(Options.Create(new StorageOptions { DataPath = _dataPath }), TimeProvider.System, NullLogger<LuceneLogStore>.Instance);
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        // The page's flush timer and the feed's reader run off the test thread; on a loaded machine they need longer than bUnit's default.
        BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(15);
        _context.Services.AddMudServices();
        _context.Services.AddSingleton(new LiveTailService(_store, _feed, _limiter, TimeProvider.System));
        _context.Services.AddSignedInUser();
        _context.Services.AddSingleton<IHttpContextAccessor, HttpContextAccessor>();
        _context.Services.AddScoped<CurrentSearchCaller>();
    }

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        _store.Dispose();
        Directory.Delete(_dataPath, recursive: true);
    }

    /// <summary>Events as the pipeline offers them once durable, named "event 1", "event 2", ... in order.</summary>
    private void Publish(int count, string level = "INFO")
    {
        var events = new List<LogEvent>();
        for (var i = 0; i < count; i++)
        {
            var fields = new JsonObject { ["@timestamp"] = DateTimeOffset.UtcNow.ToString("O"), ["level"] = level, ["message"] = $"event {++_sent}" };
            events.Add(_normalizer.Normalize(fields, IndexNames.DefaultBase));
        }

        _feed.Publish(events);
    }

    private async Task<IRenderedComponent<LiveTailPage>> StartTailAsync()
    {
        var cut = _context.Render<LiveTailPage>();
        await cut.Find("[data-testid=tail-start]").ClickAsync(new());
        await cut.WaitForAssertionAsync(() => Assert.Contains("Following", cut.Find("[data-testid=tail-status]").TextContent, StringComparison.Ordinal));
        return cut;
    }

    private static List<string> Messages(IRenderedComponent<LiveTailPage> cut) =>
        cut.FindAll("[data-testid=tail-message]").Select(m => m.TextContent).ToList();

    /// <summary>Publishes <paramref name="batches"/> flushes' worth of rows, each shown whole before the next, so none is skipped.</summary>
    private async Task FillAsync(IRenderedComponent<LiveTailPage> cut, int batches)
    {
        for (var batch = 1; batch <= batches; batch++)
        {
            Publish(LiveTailPage.RowsPerFlush);
            var expected = (batch * LiveTailPage.RowsPerFlush).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await cut.WaitForAssertionAsync(() => Assert.Equal(expected, cut.Find("[data-testid=tail-rows]").GetAttribute("data-count")));
        }
    }

    private static string SpacerHeight(int rows) => $"height: {rows * TailRowWindow.RowHeight}px";

    [Fact]
    public async Task With_more_rows_than_fit_only_those_in_view_are_drawn_and_a_spacer_keeps_the_height_of_the_rest()
    {
        var cut = await StartTailAsync();
        await cut.InvokeAsync(() => cut.Instance.OnRowsInView(first: 0, rows: 15));
        const int Rows = 12 * LiveTailPage.RowsPerFlush;

        await FillAsync(cut, Rows / LiveTailPage.RowsPerFlush);

        const int Drawn = 15 + TailRowWindow.Overscan;
        Assert.Equal(Drawn, cut.FindAll("[data-testid=tail-row]").Count);
        Assert.Equal($"event {Rows}", Messages(cut)[0]);
        Assert.Equal($"event {Rows - Drawn + 1}", Messages(cut)[^1]);
        Assert.Empty(cut.FindAll("[data-testid=tail-spacer-newer]"));
        Assert.Equal(SpacerHeight(Rows - Drawn), cut.Find("[data-testid=tail-spacer-older]").GetAttribute("style"));

        // The next flush adds its rows on top and pushes as many out of the window, into the spacer.
        Publish(3);
        await cut.WaitForAssertionAsync(() => Assert.Equal($"event {Rows + 3}", Messages(cut)[0]));
        Assert.Equal(Drawn, cut.FindAll("[data-testid=tail-row]").Count);
        Assert.Equal(SpacerHeight(Rows + 3 - Drawn), cut.Find("[data-testid=tail-spacer-older]").GetAttribute("style"));
    }

    [Fact]
    public async Task Scrolled_to_older_rows_the_page_draws_those_rows_between_two_spacers()
    {
        var cut = await StartTailAsync();
        const int Rows = 12 * LiveTailPage.RowsPerFlush;
        await FillAsync(cut, Rows / LiveTailPage.RowsPerFlush);

        await cut.InvokeAsync(() => cut.Instance.OnNewestEdgeChanged(atNewest: false));
        await cut.InvokeAsync(() => cut.Instance.OnRowsInView(first: 50, rows: 10));

        // Row 50 from the newest is "event (Rows - 50)"; the window is the ten in view and the overscan either side.
        var messages = Messages(cut);
        Assert.Equal(10 + (2 * TailRowWindow.Overscan), messages.Count);
        Assert.Equal($"event {Rows - (50 - TailRowWindow.Overscan)}", messages[0]);
        Assert.Equal(SpacerHeight(50 - TailRowWindow.Overscan), cut.Find("[data-testid=tail-spacer-newer]").GetAttribute("style"));
        Assert.Equal(SpacerHeight(Rows - (60 + TailRowWindow.Overscan)), cut.Find("[data-testid=tail-spacer-older]").GetAttribute("style"));
        var rows = cut.Find("[data-testid=tail-rows]");
        Assert.Equal((50 - TailRowWindow.Overscan).ToString(System.Globalization.CultureInfo.InvariantCulture), rows.GetAttribute("data-first"));
        Assert.Equal((60 + TailRowWindow.Overscan).ToString(System.Globalization.CultureInfo.InvariantCulture), rows.GetAttribute("data-end"));

        // Back at the newest edge the newest rows are drawn again.
        await cut.InvokeAsync(() => cut.Instance.OnNewestEdgeChanged(atNewest: true));
        Assert.Equal($"event {Rows}", Messages(cut)[0]);
        Assert.Empty(cut.FindAll("[data-testid=tail-spacer-newer]"));
    }

    [Fact]
    public async Task Starting_counts_the_first_search_in_the_users_search_budget_and_waits_for_a_free_slot()
    {
        await _store.IndexAsync([_normalizer.Normalize(new JsonObject { ["@timestamp"] = DateTimeOffset.UtcNow.ToString("O"), ["level"] = "INFO", ["message"] = "stored" }, IndexNames.DefaultBase)]);
        await _store.RefreshAsync();
        var caller = await _context.Services.GetRequiredService<CurrentSearchCaller>().GetAsync();
        Assert.Equal("user:42", caller);

        // The user's only slot is taken (a Discover search, an API call): the tail's first search waits in line for it.
        var held = _limiter.TryEnter(caller);
        Assert.NotNull(held);
        var cut = _context.Render<LiveTailPage>();
        var starting = cut.Find("[data-testid=tail-start]").ClickAsync(new());
        await cut.WaitForAssertionAsync(() => Assert.Equal(1, _limiter.Waiting(caller)));
        Assert.Empty(cut.FindAll("[data-testid=tail-row]"));

        held.Dispose();
        await starting.WaitAsync(TimeSpan.FromSeconds(30));
        await cut.WaitForAssertionAsync(() => Assert.Contains("Following", cut.Find("[data-testid=tail-status]").TextContent, StringComparison.Ordinal));
        await cut.WaitForAssertionAsync(() => Assert.Contains("stored", cut.Markup, StringComparison.Ordinal));

        // The slot is given back once the first search is done; the live events that follow take none.
        Assert.Equal(0, _limiter.Running(caller));
        Assert.Equal(0, _limiter.Waiting(caller));
    }

    [Fact]
    public async Task While_the_viewer_reads_older_rows_new_ones_wait_and_the_button_counts_them_and_jumps_to_them()
    {
        var cut = await StartTailAsync();
        Publish(3);
        await cut.WaitForAssertionAsync(() => Assert.Equal(["event 3", "event 2", "event 1"], Messages(cut)));
        Assert.Empty(cut.FindAll("[data-testid=tail-jump]"));

        await cut.InvokeAsync(() => cut.Instance.OnNewestEdgeChanged(atNewest: false));
        Publish(5);

        await cut.WaitForAssertionAsync(() => Assert.Equal("5", cut.Find("[data-testid=tail-jump]").GetAttribute("data-new")));
        Assert.Contains("5 new events — jump to newest", cut.Find("[data-testid=tail-jump]").TextContent, StringComparison.Ordinal);
        // What the viewer reads has not moved: no row was added above it.
        Assert.Equal(["event 3", "event 2", "event 1"], Messages(cut));

        await cut.Find("[data-testid=tail-jump]").ClickAsync(new());

        await cut.WaitForAssertionAsync(() => Assert.Equal(["event 8", "event 7", "event 6", "event 5", "event 4", "event 3", "event 2", "event 1"], Messages(cut)));
        Assert.Empty(cut.FindAll("[data-testid=tail-jump]"));
        Publish(1);
        await cut.WaitForAssertionAsync(() => Assert.Equal("event 9", Messages(cut)[0]));
    }

    [Fact]
    public async Task Scrolling_back_to_the_newest_row_shows_what_waited_and_follows_again()
    {
        var cut = await StartTailAsync();
        await cut.InvokeAsync(() => cut.Instance.OnNewestEdgeChanged(atNewest: false));
        Publish(2);
        await cut.WaitForAssertionAsync(() => Assert.Equal("2", cut.Find("[data-testid=tail-jump]").GetAttribute("data-new")));
        Assert.Empty(Messages(cut));

        await cut.InvokeAsync(() => cut.Instance.OnNewestEdgeChanged(atNewest: true));

        await cut.WaitForAssertionAsync(() => Assert.Equal(["event 2", "event 1"], Messages(cut)));
        Assert.Empty(cut.FindAll("[data-testid=tail-jump]"));
        Publish(1);
        await cut.WaitForAssertionAsync(() => Assert.Equal(["event 3", "event 2", "event 1"], Messages(cut)));
    }

    [Fact]
    public async Task Away_from_the_newest_row_the_page_keeps_at_most_its_cap_waiting_and_counts_the_rest_as_skipped()
    {
        var cut = await StartTailAsync();
        await cut.InvokeAsync(() => cut.Instance.OnNewestEdgeChanged(atNewest: false));
        Publish(LiveTailPage.MaxRows + 30);

        await cut.WaitForAssertionAsync(() => Assert.Equal("30", cut.Find("[data-testid=tail-skipped]").GetAttribute("data-skipped")));
        Assert.Equal((LiveTailPage.MaxRows + 30).ToString(System.Globalization.CultureInfo.InvariantCulture), cut.Find("[data-testid=tail-jump]").GetAttribute("data-new"));

        await cut.Find("[data-testid=tail-jump]").ClickAsync(new());

        await cut.WaitForAssertionAsync(() => Assert.Equal(LiveTailPage.MaxRows.ToString(System.Globalization.CultureInfo.InvariantCulture), cut.Find("[data-testid=tail-rows]").GetAttribute("data-count")));
        Assert.Equal($"event {LiveTailPage.MaxRows + 30}", Messages(cut)[0]);
    }

    [Fact]
    public async Task A_burst_while_following_shows_the_newest_rows_of_each_flush_and_counts_the_rest_as_skipped()
    {
        var cut = await StartTailAsync();
        Publish(LiveTailPage.RowsPerFlush + 10);

        await cut.WaitForAssertionAsync(() => Assert.Equal("10", cut.Find("[data-testid=tail-skipped]").GetAttribute("data-skipped")));
        Assert.Equal(LiveTailPage.RowsPerFlush, Messages(cut).Count);
        Assert.Equal($"event {LiveTailPage.RowsPerFlush + 10}", Messages(cut)[0]);
    }

    [Fact]
    public async Task A_rows_time_links_to_the_event_in_Discover_with_the_tails_pattern()
    {
        var cut = await StartTailAsync();
        Publish(1, level: "ERROR");
        await cut.WaitForAssertionAsync(() => Assert.Single(cut.FindAll("[data-testid=tail-row]")));

        var row = cut.Find("[data-testid=tail-row]");
        Assert.Contains("level-error", row.ClassList);
        var link = row.QuerySelector("a[data-testid=tail-context]")!;
        var href = link.GetAttribute("href")!;
        Assert.StartsWith("/discover?index=thebot-logs-*&q=&from=", href, StringComparison.Ordinal);
        Assert.EndsWith("&doc=" + Uri.EscapeDataString(row.GetAttribute("data-id")!), href, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_row_is_its_four_cells_and_nothing_between_them()
    {
        // Whitespace between the cells reaches the browser as markup, parsed with innerHTML: three parses a row, a third of
        // what the browser spent on scripts at 250 rows a second.
        var cut = await StartTailAsync();
        Publish(1);
        await cut.WaitForAssertionAsync(() => Assert.Single(cut.FindAll("[data-testid=tail-row]")));

        var row = cut.Find("[data-testid=tail-row]");
        Assert.Equal(4, row.ChildNodes.Length);
        Assert.All(row.ChildNodes, cell => Assert.Equal("SPAN", cell.NodeName));
    }
}
