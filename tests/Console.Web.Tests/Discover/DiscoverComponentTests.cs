using System.Text.Json.Nodes;
using Bunit;
using Bunit.TestDoubles;
using Console.Shared.Events;
using Console.Shared.Storage;
using Console.Shared.Storage.Embedded;
using Console.Web.Discover;
using Console.Web.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace Console.Web.Tests.Discover;

/// <summary>The Discover page and its parts in bUnit, over a real embedded store holding a few events.</summary>
public sealed class DiscoverComponentTests : IAsyncLifetime
{
    private const string Range = "2026-11-23T10:00:00Z";
    private readonly BunitContext _context = new();
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "console-bunit-" + Guid.NewGuid().ToString("N"));
    private readonly LuceneLogStore _store;

    public DiscoverComponentTests()
    {
        _store = new LuceneLogStore(Options.Create(new StorageOptions { DataPath = _dataPath }), TimeProvider.System, NullLogger<LuceneLogStore>.Instance);
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddSingleton<ILogStore>(_store);
        _context.Services.AddSingleton(TimeProvider.System);
        _context.Services.AddScoped<DiscoverSearch>();
        _context.Services.AddScoped<QueryHistory>();
        _context.Services.AddSignedInUser();
        _context.Services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
    }

    public async Task InitializeAsync()
    {
        var normalizer = new LogEventNormalizer(TimeProvider.System);
        string[] lines =
        [
            """{"@timestamp":"2026-11-23T10:00:01Z","level":"ERROR","logger":"django.request","message":"Internal Server Error: /api/lessons/","user_id":"7"}""",
            """{"@timestamp":"2026-11-23T10:00:02Z","level":"INFO","logger":"thebot.http","message":"GET /api/lessons/ 200","user_id":"7","duration_ms":12}""",
            """{"@timestamp":"2026-11-23T10:00:03Z","level":"INFO","logger":"thebot.http","message":"GET /api/health/ 200","user_id":"8","duration_ms":3}""",
            """{"@timestamp":"2026-11-23T10:00:04Z","level":"WARNING","logger":"thebot.http","message":"slow <b>request</b>","user_id":"8","duration_ms":900}""",
        ];
        await _store.IndexAsync(lines.Select(l => normalizer.Normalize((JsonObject)JsonNode.Parse(l)!, IndexNames.DefaultBase)).ToList());
        await _store.FlushAsync();
        await _store.RefreshAsync();
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync(); // MudBlazor's services are only async-disposable
        _store.Dispose();
        Directory.Delete(_dataPath, recursive: true);
    }

    /// <summary>Discover at its address, as a link would open it.</summary>
    private IRenderedComponent<DiscoverPage> RenderPage(string q = "", string from = Range)
    {
        var navigation = _context.Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(new DiscoverState("thebot-logs-*", q, from, "2026-11-23T11:00:00Z", "").ToUrl());
        return _context.Render<DiscoverPage>();
    }

    [Fact]
    public void The_page_shows_the_hit_count_histogram_fields_and_rows_of_the_query()
    {
        var page = RenderPage("log_level:INFO OR log_level:WARNING");

        page.WaitForAssertion(() => Assert.Equal("3", page.Find("[data-testid=hit-count]").GetAttribute("data-total")));
        Assert.Equal("3", page.Find("[data-testid=histogram]").GetAttribute("data-total"));
        Assert.Equal(3, page.FindAll("[data-testid=document]").Count);
        var fields = page.FindAll("[data-testid=field]").Select(f => f.GetAttribute("data-field")).ToList();
        Assert.Contains("duration_ms", fields);
        Assert.Contains("logger", fields);
        // Markup in a message is shown as text, never rendered.
        Assert.Contains("slow <b>request</b>", page.Find("[data-testid=documents]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=documents] b"));
    }

    [Fact]
    public void A_query_is_checked_as_it_is_typed_and_Enter_puts_it_in_the_address()
    {
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.Equal("4", page.Find("[data-testid=hit-count]").GetAttribute("data-total")));

        page.Find("input[data-testid=query]").Input("user_id:(7 OR");
        page.WaitForAssertion(() => Assert.Contains("at character", page.Find(".mud-input-control:has(input[data-testid=query])").TextContent, StringComparison.Ordinal));

        page.Find("input[data-testid=query]").Input("user_id:7");
        page.WaitForAssertion(() => Assert.DoesNotContain("at character", page.Find(".mud-input-control:has(input[data-testid=query])").TextContent, StringComparison.Ordinal));
        page.Find("input[data-testid=query]").KeyDown("Enter");

        var navigation = _context.Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => Assert.Contains("q=user_id%3A7", navigation.Uri, StringComparison.Ordinal));
    }

    [Fact]
    public void A_search_that_the_store_refuses_shows_the_reason()
    {
        var page = RenderPage(from: "now-banana");
        page.WaitForAssertion(() => Assert.Contains("from:", page.Find("[data-testid=search-error]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void The_sidebar_counts_a_fields_top_values_and_its_buttons_add_filters()
    {
        var query = new LogQuery("thebot-logs-*", null, DateTimeOffset.Parse(Range, System.Globalization.CultureInfo.InvariantCulture), null);
        (string Field, string Value, bool Negate)? filter = null;
        var sidebar = _context.Render<FieldSidebar>(p => p
            .Add(c => c.Fields, [new LogField("logger", FieldType.Keyword), new LogField("message", FieldType.Text)])
            .Add(c => c.Query, query)
            .Add(c => c.OnFilter, (ValueTuple<string, string, bool> f) => filter = f));

        sidebar.FindAll("[data-testid=field][data-field=logger] button").First(b => b.TextContent.Trim() == "logger").Click();
        sidebar.WaitForAssertion(() => Assert.Equal(2, sidebar.FindAll("[data-testid=top-value]").Count));
        var values = sidebar.FindAll("[data-testid=top-value]");
        Assert.Equal("thebot.http", values[0].GetAttribute("data-value"));
        Assert.Equal("75.0%", values[0].QuerySelector("[data-testid=top-value-percent]")!.TextContent.Trim());

        sidebar.Find("button[aria-label='Filter out logger: django.request']").Click();
        Assert.Equal(("logger", "django.request", true), filter);
    }

    [Fact]
    public void A_row_opens_into_its_fields_and_marks_the_querys_words()
    {
        var hit = new SearchHit("thebot-logs-2026.11.23", "id-1", DateTimeOffset.Parse("2026-11-23T10:00:01Z", System.Globalization.CultureInfo.InvariantCulture),
            new JsonObject { ["log_level"] = "ERROR", ["message"] = "boom", ["http"] = new JsonObject { ["status_code"] = 500 } }, []);
        var table = _context.Render<DocumentTable>(p => p
            .Add(c => c.Hits, [hit])
            .Add(c => c.Total, 1)
            .Add(c => c.Columns, ["http.status_code", "message"]));

        table.WaitForAssertion(() => Assert.Equal(["500", "boom"], table.FindAll("[data-testid=document-cell]").Select(c => c.TextContent)));
        Assert.Contains("document-row level-error", table.Find("[data-testid=document]").ClassName, StringComparison.Ordinal);
        table.Find("[data-testid=document]").Click();
        table.WaitForAssertion(() => Assert.Equal("500", table.Find("[data-testid=document-field][data-field='http.status_code'] td:last-child").TextContent));

        // Query words are marked in the message; the message's own markup stays text.
        table.Render(p => p.Add(c => c.Highlight, ["boom"]).Add(c => c.Hits, [hit with { Source = new JsonObject { ["message"] = "<i>boom</i> again" } }]));
        table.WaitForAssertion(() => Assert.Contains("<i>", table.Find("[data-column=message]").TextContent, StringComparison.Ordinal));
        Assert.Equal("boom", table.Find("[data-column=message] mark").TextContent);
        Assert.Empty(table.FindAll("[data-column=message] i"));
        Assert.Equal("1 of 1 loaded", table.Find("[data-testid=shown-count]").TextContent.Trim());
    }
}
