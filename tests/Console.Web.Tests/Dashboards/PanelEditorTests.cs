using Bunit;
using Console.Web.Dashboards;
using Console.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Console.Web.Tests.Dashboards;

/// <summary>The panel editor in bUnit over a real embedded store: checks as typed, field errors, a live preview, saving.</summary>
public sealed class PanelEditorTests : IAsyncLifetime
{
    private readonly DiscoverTestContext _context = new();

    public PanelEditorTests()
    {
        _context.Bunit.Services.AddSingleton<DashboardValidator>();
        _context.Bunit.Services.AddSingleton<PanelDataService>();
    }

    public async Task InitializeAsync() => await _context.IndexAsync(
    [
        """{"@timestamp": "2026-11-23T10:00:00Z", "level": "INFO", "service": "django-backend", "message": "GET /api/lessons/ 200"}""",
        """{"@timestamp": "2026-11-23T10:00:01Z", "level": "ERROR", "service": "django-backend", "message": "Internal Server Error: /api/boom/"}""",
        """{"@timestamp": "2026-11-23T10:00:02Z", "level": "ERROR", "service": "celery-worker", "message": "Task failed"}""",
    ]);

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private IRenderedComponent<PanelEditor> Render(PanelInput? initial, Action<DashboardPanel>? saved = null) =>
        _context.Bunit.Render<PanelEditor>(p => p
            .Add(e => e.Initial, initial)
            .Add(e => e.From, "2026-11-23T09:00:00Z")
            .Add(e => e.To, "2026-11-23T11:00:00Z")
            .Add(e => e.OnSave, panel => saved?.Invoke(panel)));

    [Fact]
    public async Task A_query_with_a_syntax_error_shows_where_and_the_panel_cannot_be_added()
    {
        var cut = Render(new PanelInput { Title = "Errors", Type = "single_stat", Query = "log_level:ERROR" });
        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid=panel-save]").HasAttribute("disabled")));

        await cut.InvokeAsync(() => cut.Find("input[data-testid=panel-query]").Input("log_level:(ERROR"));
        cut.WaitForAssertion(() =>
        {
            Assert.Contains("at character", cut.Find("[data-testid=panel-editor]").TextContent, StringComparison.Ordinal);
            Assert.True(cut.Find("[data-testid=panel-save]").HasAttribute("disabled"));
            Assert.Contains("1 problem to fix", cut.Find("[data-testid=panel-invalid]").TextContent, StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(10));

        await cut.InvokeAsync(() => cut.Find("input[data-testid=panel-query]").Input("log_level:ERROR"));
        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid=panel-save]").HasAttribute("disabled")), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_bar_panel_without_its_field_says_so_and_previews_once_it_has_one()
    {
        DashboardPanel? saved = null;
        var cut = Render(new PanelInput { Title = "Errors by service", Type = "bar", Query = "log_level:ERROR" }, p => saved = p);
        cut.WaitForAssertion(() => Assert.Contains("shows the top values of a field", cut.Find("[data-testid=panel-editor]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=dashboard-panel]"));

        await cut.InvokeAsync(() => cut.Find("input[data-testid=panel-split-field]").Input("service"));
        cut.WaitForAssertion(() =>
        {
            var preview = cut.Find("[data-testid=panel-preview] [data-testid=dashboard-panel]");
            Assert.Equal("loaded", preview.GetAttribute("data-state"));
            Assert.Equal("2", cut.Find("[data-testid=panel-preview] [data-testid=panel-chart]").GetAttribute("data-points"));
        }, TimeSpan.FromSeconds(15));

        await cut.InvokeAsync(() => cut.Find("[data-testid=panel-save]").Click());
        cut.WaitForAssertion(() => Assert.NotNull(saved), TimeSpan.FromSeconds(10));
        Assert.Equal(PanelType.Bar, saved!.Type);
        Assert.Equal("service", saved.SplitField);
        Assert.Equal("log_level:ERROR", saved.Query);
    }

    [Fact]
    public async Task A_ratio_panel_asks_for_its_numerator_and_previews_the_share_of_the_events_that_match_it()
    {
        DashboardPanel? saved = null;
        var cut = Render(new PanelInput { Title = "Error rate", Type = "single_stat", Query = "service:django-backend", Metric = "ratio" }, p => saved = p);
        cut.WaitForAssertion(() =>
        {
            Assert.Contains("a ratio needs a numerator query", cut.Find("[data-testid=panel-editor]").TextContent, StringComparison.Ordinal);
            Assert.True(cut.Find("[data-testid=panel-save]").HasAttribute("disabled"));
        }, TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("input[data-testid=panel-field]")); // a ratio counts; it has no field

        await cut.InvokeAsync(() => cut.Find("input[data-testid=panel-numerator]").Input("log_level:ERROR"));
        // One of django-backend's two events is an error: 50 %.
        cut.WaitForAssertion(() => Assert.Equal("50", cut.Find("[data-testid=panel-preview] [data-testid=panel-value]").GetAttribute("data-value")), TimeSpan.FromSeconds(15));

        await cut.InvokeAsync(() => cut.Find("[data-testid=panel-save]").Click());
        cut.WaitForAssertion(() => Assert.NotNull(saved), TimeSpan.FromSeconds(10));
        Assert.Equal("log_level:ERROR", saved!.Numerator);
        Assert.True(saved.IsRatio);
    }

    [Fact]
    public void A_metric_on_a_text_field_is_refused_beside_the_field()
    {
        var cut = Render(new PanelInput { Title = "Average", Type = "single_stat", Metric = "avg", Field = "message" });
        cut.WaitForAssertion(() => Assert.Contains("message is a text field; avg needs a numeric field", cut.Find("[data-testid=panel-editor]").TextContent, StringComparison.Ordinal));
        Assert.True(cut.Find("[data-testid=panel-save]").HasAttribute("disabled"));
    }

    [Fact]
    public void A_single_stat_preview_shows_the_exact_count()
    {
        var cut = Render(new PanelInput { Title = "Errors", Type = "single_stat", Query = "log_level:ERROR AND service:django-backend" });
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=panel-preview] [data-testid=panel-value]").GetAttribute("data-value")), TimeSpan.FromSeconds(15));
    }
}
