using Bunit;
using Console.Shared.Storage;
using Console.Web.Discover;
using Console.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Console.Web.Tests.Discover;

/// <summary>The virtualized document table on the page: rows render, open, and the next pages load from the cursor.</summary>
public sealed class DocumentTableTests : IAsyncLifetime
{
    private const int Events = DiscoverSearch.FirstPageSize + 2 * DiscoverSearch.PageSize + 30;
    private readonly DiscoverTestContext _discover = new();
    private readonly SearchRecordingLogStore _recorded;

    public DocumentTableTests()
    {
        _recorded = new SearchRecordingLogStore(_discover.Store);
        _discover.Bunit.Services.AddSingleton<ILogStore>(_recorded); // the page's searches go through it
    }

    public Task InitializeAsync() => _discover.IndexAsync(Enumerable.Range(0, Events).Select(i =>
        $$"""{"@timestamp":"2026-11-23T10:{{i / 60:00}}:{{i % 60:00}}Z","level":"INFO","service":"web","message":"event {{i}}"}"""));

    public async Task DisposeAsync() => await _discover.DisposeAsync();

    [Fact]
    public void Only_rows_in_view_render_newest_first_they_open_and_the_next_page_loads_when_the_view_reaches_the_end()
    {
        var page = _discover.RenderPage(new DiscoverState("thebot-logs-*", "", "2026-11-23T10:00:00Z", "2026-11-23T11:00:00Z", ""));
        page.WaitForAssertion(() => Assert.Equal(Events.ToString(System.Globalization.CultureInfo.InvariantCulture), page.Find("[data-testid=hit-count]").GetAttribute("data-total")));

        // The first search reads only the first screen's hits, with the exact total above.
        var first = Assert.Single(_recorded.Searches, s => s.SearchAfter is null);
        Assert.Equal(DiscoverSearch.FirstPageSize, first.Size);

        // bUnit's Virtualize shows a viewport of 100 rows, taller than any screen: the view reaches the end of the first
        // page, so the next loads from the cursor; the one after waits until the view scrolls further (the browser test scrolls).
        var loaded = DiscoverSearch.FirstPageSize + DiscoverSearch.PageSize;
        page.WaitForAssertion(() => Assert.Equal(loaded.ToString(System.Globalization.CultureInfo.InvariantCulture), page.Find("[data-testid=shown-count]").GetAttribute("data-loaded")));
        var more = Assert.Single(_recorded.Searches, s => s.SearchAfter is not null);
        Assert.Equal(DiscoverSearch.PageSize, more.Size);
        var rows = page.FindAll("[data-testid=document]");
        Assert.InRange(rows.Count, 20, loaded - 1); // only the rows in view (and a margin) are rendered, not every loaded one
        Assert.Equal(rows.Count, rows.Select(r => r.GetAttribute("data-id")).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, rows.Count).Select(i => $"event {Events - 1 - i}"),
            rows.Select(r => r.QuerySelector("[data-column=message]")!.TextContent.Trim()));
        Assert.Contains("scroll down for more", page.Find("[data-testid=shown-count]").TextContent, StringComparison.Ordinal);

        // A row opens into its fields.
        page.FindAll("[data-testid=document]")[4].Click();
        page.WaitForAssertion(() => Assert.Equal($"event {Events - 5}", page.Find("[data-testid=document-details] [data-testid=document-field][data-field=message] td:last-child").TextContent));
    }
}
