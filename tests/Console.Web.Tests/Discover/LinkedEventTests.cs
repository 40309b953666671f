using Bunit;
using Console.Web.Discover;
using Console.Web.Tests.Support;

namespace Console.Web.Tests.Discover;

/// <summary><c>/discover?...&amp;doc=ID</c>: the live tail's link to one event, opened with its surrounding documents.</summary>
public sealed class LinkedEventTests : IAsyncLifetime
{
    private readonly DiscoverTestContext _discover = new();

    public Task InitializeAsync() => _discover.IndexAsync(
    [
        """{"@timestamp":"2026-11-23T10:00:01Z","level":"INFO","request_id":"r1","message":"first"}""",
        """{"@timestamp":"2026-11-23T10:00:02Z","level":"ERROR","request_id":"r1","message":"linked"}""",
        """{"@timestamp":"2026-11-23T10:00:03Z","level":"INFO","request_id":"r2","message":"third"}""",
    ]);

    public async Task DisposeAsync() => await _discover.DisposeAsync();

    [Fact]
    public async Task The_linked_event_is_pinned_open_with_its_surrounding_documents_and_its_row_among_the_hits_is_named()
    {
        var linked = await _discover.HitAsync("linked");
        var page = _discover.RenderPage(new DiscoverState(linked.Index, "", "2026-11-23T09:55:02Z", "2026-11-23T10:05:02Z", "", linked.Id));

        await page.WaitForAssertionAsync(() => Assert.Equal(linked.Id, page.Find("[data-testid=pinned-document]").GetAttribute("data-id")));
        Assert.Contains("row 2 of the hits", page.Find("[data-testid=pinned-note]").TextContent, StringComparison.Ordinal);
        Assert.Equal(linked.Id, page.Find("[data-testid=document-details]").GetAttribute("data-id"));
        Assert.Equal("linked", page.Find("[data-testid=document-details] [data-testid=document-field][data-field=message] td:last-child").TextContent);
        await page.WaitForAssertionAsync(() => Assert.Equal(["newer", "anchor", "older"],
            page.FindAll("[data-testid=surrounding-document]").Select(r => r.GetAttribute("data-side"))));
        Assert.Equal(linked.Id, page.Find("[data-testid=surrounding-document][data-side=anchor]").GetAttribute("data-id"));

        // A new search keeps the linked event in the address; unpinning drops it.
        page.Find("input[data-testid=query]").Input("log_level:INFO");
        page.Find("input[data-testid=query]").KeyDown("Enter");
        await page.WaitForAssertionAsync(() => Assert.Contains($"doc={linked.Id}", _discover.Navigation.Uri, StringComparison.Ordinal));
        await page.WaitForAssertionAsync(() => Assert.Contains("does not match this query", page.Find("[data-testid=pinned-note]").TextContent, StringComparison.Ordinal));
        page.Find("[data-testid=unpin]").Click();
        await page.WaitForAssertionAsync(() => Assert.DoesNotContain("doc=", _discover.Navigation.Uri, StringComparison.Ordinal));
        await page.WaitForAssertionAsync(() => Assert.Empty(page.FindAll("[data-testid=pinned-document]")));
    }

    [Fact]
    public async Task An_id_that_is_not_there_is_said_so()
    {
        var page = _discover.RenderPage(new DiscoverState("thebot-logs-*", "", "2026-11-23T10:00:00Z", "2026-11-23T11:00:00Z", "", "no-such-id"));
        await page.WaitForAssertionAsync(() => Assert.Contains("No event with id no-such-id", page.Find("[data-testid=doc-missing]").TextContent, StringComparison.Ordinal));
        Assert.Equal(3, page.FindAll("[data-testid=document]").Count);
    }
}
