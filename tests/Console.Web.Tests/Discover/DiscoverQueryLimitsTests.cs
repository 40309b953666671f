using Bunit;
using Console.Shared.Storage;
using Console.Web.Discover;
using Console.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Console.Web.Tests.Discover;

/// <summary>Discover shows why a query was refused by a limit or cancelled by the timeout, as an error message on the page.</summary>
public sealed class DiscoverQueryLimitsTests : IAsyncLifetime
{
    private readonly DiscoverTestContext _discover = new();

    public async Task InitializeAsync() => await _discover.IndexAsync([
        """{"@timestamp":"2026-11-23T10:00:00Z","level":"INFO","message":"request served","service":"web"}""",
    ]);

    public async Task DisposeAsync() => await _discover.DisposeAsync();

    [Theory]
    [InlineData("message:/[ab]*a[ab]{18}/", "Query:MaxDeterminizedStates")]
    [InlineData("*served", "Query:LeadingWildcard")]
    public void A_query_refused_by_a_limit_shows_the_reason_and_the_setting(string query, string setting)
    {
        var page = _discover.RenderPage(new DiscoverState("thebot-logs-*", query, "2026-11-23T09:00:00Z", "2026-11-23T11:00:00Z", ""));

        page.WaitForAssertion(() =>
        {
            var error = page.Find("[data-testid=search-error]").TextContent;
            Assert.Contains(setting, error, StringComparison.Ordinal);
            Assert.Contains("The query has an error", error, StringComparison.Ordinal);
        });
        Assert.Empty(page.FindAll("[data-testid=document]"));
    }

    [Fact]
    public void A_search_cancelled_by_the_timeout_shows_the_reason_and_the_page_stays_usable()
    {
        _discover.Bunit.Services.AddSingleton<ILogStore>(new TimingOutLogStore(_discover.Store));

        var page = _discover.RenderPage(new DiscoverState("thebot-logs-*", "served", "2026-11-23T09:00:00Z", "2026-11-23T11:00:00Z", ""));

        page.WaitForAssertion(() => Assert.Contains("Query:Timeout", page.Find("[data-testid=search-error]").TextContent, StringComparison.Ordinal));
        Assert.NotNull(page.Find("input[data-testid=query]"));
    }
}
