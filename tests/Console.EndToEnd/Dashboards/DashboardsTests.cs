using System.Net.Http.Json;
using System.Text.Json;
using Console.EndToEnd.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Console.EndToEnd.Dashboards;

/// <summary>
/// The dashboards in Chromium over the corpus read by the shipped pipeline: each built-in dashboard with the manifest's
/// numbers, a panel built in the editor, export and import. Screenshots in light and dark go to TestResults/screenshots.
/// </summary>
[Collection(DashboardsCollection.Name)]
public sealed class DashboardsTests(CorpusServerFixture server, ChromiumFixture chromium) : IAsyncLifetime
{
    private const string Range = $"from={CorpusServerFixture.From}&to={CorpusServerFixture.To}";

    private IBrowserContext? _context;
    private IPage? _page;

    private IPage Page => _page!;

    public async Task InitializeAsync()
    {
        _context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1600, Height = 1000 },
            AcceptDownloads = true,
        });
        _context.SetDefaultTimeout(30_000);
        _page = await _context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.CloseAsync();
        }
    }

    private ILocator PanelNamed(string title) => Page.Locator($"[data-testid=dashboard-panel][data-title=\"{title}\"]");

    /// <summary>Opens a built-in dashboard over the corpus's hour and waits until every panel has loaded, none failed or came out empty.</summary>
    private async Task OpenLoadedAsync(string title)
    {
        var id = await server.DashboardIdAsync(title);
        await Page.GotoInteractiveAsync($"/dashboards/{id}?{Range}");
        await Expect(Page.GetByTestId("dashboard-title")).ToHaveTextAsync(title);
        var panels = Page.GetByTestId("dashboard-panel");
        await Expect(panels.First).ToBeVisibleAsync();
        await Expect(Page.Locator("[data-testid=dashboard-panel][data-state=loading]")).ToHaveCountAsync(0, new() { Timeout = 60_000 });
        var errors = await Page.Locator("[data-testid=dashboard-panel][data-state=error]").AllInnerTextsAsync();
        Assert.True(errors.Count == 0, $"{title}: failing panels: {string.Join(" | ", errors)}");
        var empty = await Page.Locator("[data-testid=dashboard-panel]:has([data-testid=panel-empty])").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.title)");
        Assert.True(empty.Length == 0, $"{title}: empty panels: {string.Join(", ", empty)}");
        Assert.True(await panels.CountAsync() >= 6);
    }

    private async Task<double> StatAsync(string title)
    {
        var value = await PanelNamed(title).GetByTestId("panel-value").GetAttributeAsync("data-value");
        return double.Parse(value!, System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task ScreenshotAsync(string name, bool alsoDark = false)
    {
        // Plotly draws after the data arrives (its script loads on demand): every chart must have drawn its SVG.
        await Expect(Page.Locator("[data-testid=panel-chart]:not(:has(.main-svg))")).ToHaveCountAsync(0);
        await Page.WaitForTimeoutAsync(300);
        await Page.ScreenshotAsync(new() { Path = Screenshots.PathFor($"dashboard-{name}.png"), FullPage = true });
        if (alsoDark)
        {
            var body = Page.Locator("body");
            var light = await body.EvaluateAsync<string>("element => getComputedStyle(element).backgroundColor");
            await Page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark theme" }).ClickAsync();
            await Expect(body).Not.ToHaveCSSAsync("background-color", light);
            await Page.WaitForTimeoutAsync(800);
            await Page.ScreenshotAsync(new() { Path = Screenshots.PathFor($"dashboard-{name}-dark.png"), FullPage = true });
            await Page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark theme" }).ClickAsync();
        }
    }

    [Fact]
    public async Task Application_shows_the_requests_of_the_request_log()
    {
        var truth = CorpusFiles.Truth("django/requests.log");
        await OpenLoadedAsync("Application");

        Assert.Equal(truth.GetProperty("requests").GetInt64(), await StatAsync("Requests"));
        var byStatus = truth.GetProperty("by_status");
        Assert.Equal(byStatus.GetProperty("500").GetInt64() + byStatus.GetProperty("503").GetInt64(), await StatAsync("Server errors (5xx)"));
        Assert.Equal(truth.GetProperty("duration_ms_ge_1000").GetInt64(), await StatAsync("Requests over 1 s"));
        // 2xx, 4xx and 5xx: the request log has no redirects.
        Assert.Equal("3", await PanelNamed("Requests by status class").GetByTestId("panel-chart").GetAttributeAsync("data-traces"));
        Assert.Equal("10", await PanelNamed("Top endpoints").GetByTestId("panel-chart").GetAttributeAsync("data-points"));
        Assert.Equal("3", await PanelNamed("Response time p50 / p95 / p99 (ms)").GetByTestId("panel-chart").GetAttributeAsync("data-traces"));
        await ScreenshotAsync("application", alsoDark: true);
    }

    [Fact]
    public async Task Database_shows_the_postgresql_errors_and_slow_statements_of_the_manifest()
    {
        var truth = CorpusFiles.Truth("postgresql/postgresql-15-main.log");
        await OpenLoadedAsync("Database");

        Assert.Equal(truth.GetProperty("error_lines").GetInt64() + truth.GetProperty("fatal_lines").GetInt64(), await StatAsync("PostgreSQL errors"));
        Assert.Equal(truth.GetProperty("statements_over_threshold").GetInt64(), await StatAsync("Slow statements (> 250 ms)"));
        Assert.Equal(truth.GetProperty("duration_lines").GetInt64(), await StatAsync("Statements"));
        await Expect(PanelNamed("Latest slow statements").GetByTestId("panel-row")).ToHaveCountAsync(10);
        await ScreenshotAsync("database", alsoDark: true);
    }

    [Fact]
    public async Task Security_events_shows_the_failed_logins_and_scanner_probes()
    {
        await OpenLoadedAsync("Security events");

        Assert.Equal(CorpusFiles.Truth("django/audit.log").GetProperty("failed_logins").GetInt64(), await StatAsync("Failed logins"));
        var probes = CorpusFiles.Truth("django/requests.log").GetProperty("by_method_path_status");
        var expectedProbes = new[] { "GET /.env 404", "GET /wp-login.php 404", "GET /.git/config 404", "GET /phpmyadmin/index.php 404", "GET /admin/config.php 404" }
            .Sum(key => probes.GetProperty(key).GetInt64());
        Assert.Equal(expectedProbes, await StatAsync("Scanner probes"));
        Assert.Equal("5", await PanelNamed("Scanner probes by path").GetByTestId("panel-chart").GetAttributeAsync("data-points"));
        Assert.Equal("7", await PanelNamed("Audit events by action").GetByTestId("panel-chart").GetAttributeAsync("data-points"));
        await ScreenshotAsync("security", alsoDark: true);
    }

    [Fact]
    public async Task User_activity_counts_the_users_of_the_request_log()
    {
        var truth = CorpusFiles.Truth("django/requests.log");
        await OpenLoadedAsync("User activity");

        Assert.Equal(truth.GetProperty("distinct_user_ids").GetInt64(), await StatAsync("Active users"));
        Assert.Equal(truth.GetProperty("authenticated_requests").GetInt64(), await StatAsync("Requests by signed-in users"));
        Assert.Equal(truth.GetProperty("anonymous_requests").GetInt64(), await StatAsync("Anonymous requests"));
        var perUser = PanelNamed("Top endpoints per user").GetByTestId("panel-chart");
        Assert.True(int.Parse((await perUser.GetAttributeAsync("data-traces"))!, System.Globalization.CultureInfo.InvariantCulture) >= 2);
        await ScreenshotAsync("user-activity", alsoDark: true);
    }

    [Fact]
    public async Task System_health_shows_the_host_metrics()
    {
        await OpenLoadedAsync("System health");

        Assert.Equal(0.6, await StatAsync("Latest CPU used"), 6);
        await Expect(PanelNamed("Latest CPU used").GetByTestId("panel-value")).ToHaveTextAsync("60.0%");
        Assert.Equal("2", await PanelNamed("Disk used by mount point").GetByTestId("panel-chart").GetAttributeAsync("data-points"));
        await ScreenshotAsync("system-health", alsoDark: true);
    }

    [Fact]
    public async Task A_panel_built_in_the_editor_previews_and_is_saved_with_the_dashboard()
    {
        var title = $"E2E build {Guid.NewGuid():N}"[..20];
        await Page.GotoInteractiveAsync("/dashboards");
        await Expect(Page.GetByTestId("dashboards")).ToHaveAttributeAsync("data-loaded", "true");
        await Page.GetByTestId("new-dashboard-title").FillAsync(title);
        await Page.GetByTestId("create-dashboard").ClickAsync();
        await Expect(Page.GetByTestId("add-panel")).ToBeVisibleAsync();
        var id = long.Parse(new Uri(Page.Url).AbsolutePath.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);

        await Page.GetByTestId("from").FillAsync(CorpusServerFixture.From);
        await Page.GetByTestId("to").FillAsync(CorpusServerFixture.To);
        await Page.GetByTestId("apply-range").ClickAsync();
        await Page.GetByTestId("add-panel").ClickUntilVisibleAsync(Page.GetByTestId("panel-editor"));

        var editor = Page.GetByTestId("panel-editor");
        await editor.Locator("input[data-testid=panel-title-input]").FillAsync("Requests by method");
        await editor.GetByTestId("panel-type").ClickAsync();
        await Page.GetByRole(AriaRole.Option, new() { Name = "Bar (top N)" }).ClickAsync();
        await editor.Locator("input[data-testid=panel-query]").FillAsync("event.dataset:django.requests AND (http.method:GET");
        await Expect(editor).ToContainTextAsync("at character");
        await Expect(editor.GetByTestId("panel-save")).ToBeDisabledAsync();

        await editor.Locator("input[data-testid=panel-query]").FillAsync("event.dataset:django.requests");
        await editor.Locator("input[data-testid=panel-split-field]").FillAsync("http.method");
        var preview = editor.GetByTestId("panel-preview").GetByTestId("dashboard-panel");
        await Expect(preview).ToHaveAttributeAsync("data-state", "loaded");
        await Expect(preview.GetByTestId("panel-chart")).ToHaveAttributeAsync("data-points", "4");
        await Page.ScreenshotAsync(new() { Path = Screenshots.PathFor("dashboard-panel-editor.png"), FullPage = true });

        await editor.GetByTestId("panel-save").ClickAsync();
        await Expect(editor).ToHaveCountAsync(0);
        await Page.GetByTestId("save-dashboard").ClickAsync();
        await Expect(Page.GetByTestId("edit-dashboard")).ToBeVisibleAsync();
        await Expect(PanelNamed("Requests by method").GetByTestId("panel-chart")).ToHaveAttributeAsync("data-points", "4");

        var saved = await server.Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/dashboards/{id}", UriKind.Relative));
        var panel = Assert.Single(saved.GetProperty("panels").EnumerateArray());
        Assert.Equal("bar", panel.GetProperty("type").GetString());
        Assert.Equal("http.method", panel.GetProperty("split_field").GetString());
        Assert.Equal(CorpusServerFixture.From, saved.GetProperty("from").GetString());

        // Open in Discover: the panel's own query over the dashboard's range.
        var discover = await PanelNamed("Requests by method").GetByTestId("open-in-discover").GetAttributeAsync("href");
        Assert.Equal($"/discover?index=thebot-logs-*&q=event.dataset%3Adjango.requests&from={Uri.EscapeDataString(CorpusServerFixture.From)}&to={Uri.EscapeDataString(CorpusServerFixture.To)}", discover);
    }

    /// <summary>
    /// Picks <paramref name="file"/> in the import field once the list has loaded, again if <paramref name="outcome"/>
    /// does not show: a file picked before the field's script is wired to the circuit is lost, as a click would be.
    /// </summary>
    private async Task ImportUntilAsync(string file, ILocator outcome)
    {
        await Expect(Page.Locator("[data-testid=dashboards][data-loaded=true]")).ToBeAttachedAsync();
        for (var attempt = 1; ; attempt++)
        {
            if (attempt > 1 && await outcome.First.IsVisibleAsync())
            {
                return;
            }

            await Page.Locator("#dashboard-import-file").SetInputFilesAsync(file);
            try
            {
                await outcome.First.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 10_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 3)
            {
            }
        }
    }

    [Fact]
    public async Task A_dashboard_exported_as_json_imports_as_a_new_one_and_a_bad_file_is_refused_with_reasons()
    {
        var id = await server.DashboardIdAsync("Security events");
        await Page.GotoInteractiveAsync($"/dashboards/{id}?{Range}");
        var download = await Page.RunAndWaitForDownloadAsync(() => Page.GetByTestId("export-dashboard").ClickAsync());
        Assert.Equal("security-events.dashboard.json", download.SuggestedFilename);
        var file = Screenshots.PathFor("security-events.dashboard.json");
        await download.SaveAsAsync(file);
        var exported = JsonDocument.Parse(await File.ReadAllTextAsync(file)).RootElement;
        Assert.Equal("Security events", exported.GetProperty("title").GetString());

        await Page.GotoInteractiveAsync("/dashboards");
        await ImportUntilAsync(file, Page.GetByTestId("dashboard-title"));
        await Expect(Page.GetByTestId("dashboard-title")).ToHaveTextAsync("Security events");
        var importedId = long.Parse(new Uri(Page.Url).AbsolutePath.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.NotEqual(id, importedId);
        Assert.Equal("false", await Page.GetByTestId("dashboard").GetAttributeAsync("data-built-in"));
        await Expect(Page.GetByTestId("dashboard-panel")).ToHaveCountAsync(exported.GetProperty("panels").GetArrayLength());

        var bad = Screenshots.PathFor("bad.dashboard.json");
        await File.WriteAllTextAsync(bad, """{"version": 1, "title": "Bad", "panels": [{"title": "x", "type": "pie"}, {"title": "y", "type": "bar", "split_field": "service", "size": 0}]}""");
        await Page.GotoInteractiveAsync("/dashboards");
        var errors = Page.GetByTestId("import-errors");
        await ImportUntilAsync(bad, errors);
        await Expect(errors).ToContainTextAsync("panels[0].type: unknown panel type 'pie'");
        await Expect(errors).ToContainTextAsync("panels[1].size");
        await Page.ScreenshotAsync(new() { Path = Screenshots.PathFor("dashboard-import-errors.png"), FullPage = true });

        var notJson = Screenshots.PathFor("not-json.dashboard.json");
        await File.WriteAllTextAsync(notJson, "this is not json");
        await Page.Locator("#dashboard-import-file").SetInputFilesAsync(notJson);
        await Expect(errors).ToContainTextAsync("not a dashboard file");
    }
}
