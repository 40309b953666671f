using Bunit;
using Console.Web.Discover;
using Console.Web.Tests.Support;

namespace Console.Web.Tests.Discover;

/// <summary>The query bar's suggestions and its history that survives a reload, in bUnit over a real store.</summary>
public sealed class QueryBarTests : IAsyncLifetime
{
    private readonly DiscoverTestContext _discover = new();
    private static readonly DiscoverState View = new("thebot-logs-*", "", "2026-11-23T10:00:00Z", "2026-11-23T11:00:00Z", "");

    public Task InitializeAsync() => _discover.IndexAsync([
        """{"@timestamp":"2026-11-23T10:00:01Z","level":"INFO","service":"django-backend","message":"a"}""",
        """{"@timestamp":"2026-11-23T10:00:02Z","level":"INFO","service":"django-backend","message":"b"}""",
        """{"@timestamp":"2026-11-23T10:00:03Z","level":"ERROR","service":"celery-worker","message":"c"}""",
        """{"@timestamp":"2026-11-22T10:00:03Z","level":"ERROR","service":"yesterday-only","message":"d"}""",
    ]);

    public async Task DisposeAsync() => await _discover.DisposeAsync();

    [Fact]
    public void Typing_part_of_a_field_suggests_it_and_choosing_it_then_a_value_completes_the_clause()
    {
        var page = _discover.RenderPage(View);
        page.WaitForAssertion(() => Assert.Equal("3", page.Find("[data-testid=hit-count]").GetAttribute("data-total")));

        page.Find("input[data-testid=query]").Input("serv");
        page.WaitForAssertion(() => Assert.Equal("service", page.Find("[data-testid=query-suggestion]").GetAttribute("data-value")));
        Assert.Equal("field", page.Find("[data-testid=query-suggestion]").GetAttribute("data-kind"));
        Assert.Equal("open", page.Find("input[data-testid=query]").GetAttribute("data-suggestions"));

        // Keyboard: down to the first suggestion, Enter takes it (and does not search).
        page.Find("input[data-testid=query]").KeyDown("ArrowDown");
        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-testid=query-suggestion]").GetAttribute("aria-selected")));
        page.Find("input[data-testid=query]").KeyDown("Enter");
        page.WaitForAssertion(() => Assert.Equal("service:", page.Find("input[data-testid=query]").GetAttribute("value")));

        // Then the field's exact top values over the view's pattern and time range (yesterday's value is not in it).
        page.WaitForAssertion(() => Assert.Equal(["django-backend", "celery-worker"],
            page.FindAll("[data-testid=query-suggestion]").Select(s => s.GetAttribute("data-value"))));
        Assert.All(page.FindAll("[data-testid=query-suggestion]"), s => Assert.Equal("value", s.GetAttribute("data-kind")));

        // Mouse: a click takes a value.
        page.FindAll("[data-testid=query-suggestion]")[1].Click();
        page.WaitForAssertion(() => Assert.Equal("service:celery-worker ", page.Find("input[data-testid=query]").GetAttribute("value")));
        Assert.Empty(page.FindAll("[data-testid=query-suggestion]"));
        Assert.DoesNotContain("q=service", _discover.Navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void A_suggestion_replaces_the_word_at_the_caret_and_keeps_the_rest()
    {
        _discover.Bunit.JSInterop.Setup<int?>("consoleDiscover.caret", "input[data-testid=query]").SetResult(4);
        var page = _discover.RenderPage(View);
        page.WaitForAssertion(() => Assert.Equal("3", page.Find("[data-testid=hit-count]").GetAttribute("data-total")));

        page.Find("input[data-testid=query]").Input("serv AND log_level:ERROR");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=query-suggestion]")));
        page.Find("input[data-testid=query]").KeyDown("Tab");
        page.WaitForAssertion(() => Assert.Equal("service: AND log_level:ERROR", page.Find("input[data-testid=query]").GetAttribute("value")));
        // The caret is put back after the inserted field name.
        Assert.Contains(_discover.Bunit.JSInterop.Invocations["consoleDiscover.placeCaret"], i => (int)i.Arguments[1]! == 8);
    }

    [Fact]
    public void Escape_closes_the_suggestions_and_Enter_then_searches()
    {
        var page = _discover.RenderPage(View);
        page.WaitForAssertion(() => Assert.Equal("3", page.Find("[data-testid=hit-count]").GetAttribute("data-total")));
        page.Find("input[data-testid=query]").Input("serv");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=query-suggestion]")));
        page.Find("input[data-testid=query]").KeyDown("Escape");
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=query-suggestion]")));
        page.Find("input[data-testid=query]").KeyDown("Enter");
        page.WaitForAssertion(() => Assert.Contains("q=serv", _discover.Navigation.Uri, StringComparison.Ordinal));
    }

    [Fact]
    public void The_history_is_read_from_the_browser_after_render_and_each_query_run_is_stored_back()
    {
        _discover.Bunit.JSInterop.Setup<string?>("localStorage.getItem", QueryHistory.StorageKey).SetResult("""["service:nginx","log_level:INFO"]""");
        var page = _discover.RenderPage(View with { Query = "log_level:INFO" });
        page.WaitForAssertion(() => Assert.Equal("2", page.Find("[data-testid=hit-count]").GetAttribute("data-total")));

        // This session's query first, then the stored ones, each once.
        page.WaitForAssertion(() => Assert.Equal("""["log_level:INFO","service:nginx"]""", LastStored()));

        page.Find("input[data-testid=query]").Input("service:celery-worker");
        page.Find("input[data-testid=query]").KeyDown("Enter");
        page.WaitForAssertion(() => Assert.Equal("""["service:celery-worker","log_level:INFO","service:nginx"]""", LastStored()));

        page.Find("button[aria-label='Query history']").Click();
        // The history is stored after the result is on screen, so the panel may render once more before it shows it.
        page.WaitForAssertion(() => Assert.Equal(["service:celery-worker", "log_level:INFO", "service:nginx"],
            page.FindAll("[data-testid=history-entry]").Select(b => b.TextContent.Trim())));
    }

    [Fact]
    public async Task The_history_keeps_the_last_20_distinct_queries_and_ignores_a_stored_value_it_cannot_read()
    {
        var js = _discover.Bunit.JSInterop;
        js.Setup<string?>("localStorage.getItem", QueryHistory.StorageKey).SetResult("not json");
        var history = new QueryHistory(js.JSRuntime, Microsoft.Extensions.Logging.Abstractions.NullLogger<QueryHistory>.Instance);
        await history.LoadAsync();
        Assert.Empty(history.Queries);

        for (var i = 0; i < 25; i++)
        {
            await history.AddAsync($"q{i % 22}");
        }

        Assert.Equal(QueryHistory.Length, history.Queries.Count);
        Assert.Equal(["q2", "q1", "q0", "q21"], history.Queries.Take(4));
        Assert.Equal(history.Queries.Count, history.Queries.Distinct().Count());
    }

    private string? LastStored()
    {
        var stored = _discover.Bunit.JSInterop.Invocations["localStorage.setItem"];
        return stored.Count > 0 ? (string?)stored[^1].Arguments[1] : null;
    }
}
