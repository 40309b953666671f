using System.Globalization;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Console.EndToEnd.Support;
using Console.Ingest.Sources.JsonLines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Console.EndToEnd.Security;

/// <summary>A console of its own for the XSS test: its hostile field names stay out of the indices other tests count.</summary>
public sealed class XssServer : IDisposable
{
    public ConsoleServerFixture Console { get; } = new();

    public void Dispose() => Console.Dispose();
}

/// <summary>
/// Every string of blns and of the OWASP filter-evasion list, sent through the receivers (HTTP NDJSON and JSON lines
/// over TCP) as messages, field values and field names, then shown where the console shows data: Discover's table,
/// an opened document with its JSON, the field sidebar with top values, the live tail, a dashboard (title, table and bar
/// panels) and an alert rule. Not one script may run, not one dialog open; a control at the end proves the detectors fire.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class XssCorpusTests(XssServer server, ChromiumFixture chromium) : IClassFixture<XssServer>, IAsyncLifetime
{
    private const string HttpIndex = "xss-e2e";
    private const string From = "2026-11-25T10:00:00Z";
    private const string To = "2026-11-25T11:00:00Z";
    private const int NamesPerEvent = 25;

    /// <summary>A payload that is surely in the corpus, looked for as text on each surface.</summary>
    private const string Visible = "<script>__xssProbe('script')</script>";

    private static readonly DateTimeOffset Start = DateTimeOffset.Parse(From, CultureInfo.InvariantCulture).AddMinutes(5);

    private readonly string _run = Guid.NewGuid().ToString("N")[..10];
    private IBrowserContext? _context;
    private IPage? _page;
    private ScriptExecutionDetector? _detector;

    private ConsoleServerFixture Server => server.Console;

    private IPage Page => _page!;

    private ScriptExecutionDetector Detector => _detector!;

    public async Task InitializeAsync()
    {
        _context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.BaseAddress.ToString(),
            // Tall, so that Discover's virtualized table renders many rows at a time.
            ViewportSize = new ViewportSize { Width = 1600, Height = 2400 },
        });
        _context.SetDefaultTimeout(30_000);
        _page = await _context.NewPageAsync();
        _detector = await ScriptExecutionDetector.AttachAsync(_context, _page, Server.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_naughty_strings_render_as_text_everywhere_no_script_runs_and_no_dialog_opens()
    {
        var payloads = XssPayloads.All;
        Assert.True(payloads.Count > 500, $"{payloads.Count} payloads");
        var (messageEvents, nameEvents) = await IngestOverHttpAsync(payloads);

        await ShowInDiscoverAsync(messageEvents, nameEvents);
        await ShowInLiveTailAsync(payloads);
        await ShowInDashboardAsync();
        await ShowAlertRuleAsync();

        Assert.True(Detector.Signs.Count == 0 && Detector.Dialogs == 0,
            $"{Detector.Signs.Count} signs of script or markup from data, {Detector.Dialogs} dialogs:\n" + string.Join('\n', Detector.Signs.Take(40)));

        await ControlAsync();
    }

    /// <summary>The detectors fire on what they must catch: an injected handler, a probe call, an alert and its dialog.</summary>
    private async Task ControlAsync()
    {
        await Page.EvaluateAsync("() => { const d = document.createElement('div'); d.innerHTML = \"<img src=x onerror=__xssProbe('control-handler')>\"; document.body.appendChild(d); }");
        await Page.EvaluateAsync("() => __xssProbe('control-probe')");
        await Page.EvaluateAsync("() => alert('control-alert')");
        await Detector.CheckDomAsync(Page, "control");
        await Detector.WaitForSignsAsync(5);

        var signs = string.Join('\n', Detector.Signs);
        Assert.Contains("csp: script-src", signs, StringComparison.Ordinal); // the console's policy blocked the handler and said so
        Assert.Contains("control: IMG onerror", signs, StringComparison.Ordinal);
        Assert.Contains("probe: control-probe", signs, StringComparison.Ordinal);
        Assert.Contains("alert: control-alert", signs, StringComparison.Ordinal);
        Assert.Equal(1, Detector.Dialogs);
    }

    /// <summary>
    /// Each payload as the message and the value of <c>xss_payload</c> of one event, and the markup payloads as field
    /// names, <see cref="NamesPerEvent"/> to an event, in requests apart (an event the console refuses is counted, not fatal).
    /// </summary>
    private async Task<(long Messages, long Names)> IngestOverHttpAsync(IReadOnlyList<string> payloads)
    {
        var messages = new StringBuilder();
        for (var i = 0; i < payloads.Count; i++)
        {
            messages.AppendLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["@timestamp"] = Start.AddMilliseconds(i * 10),
                ["level"] = "info",
                ["message"] = payloads[i],
                ["xss_payload"] = payloads[i],
                ["xss_run"] = _run,
                ["xss_kind"] = "message",
            }));
        }

        var names = new StringBuilder();
        var chunks = XssPayloads.Markup.Chunk(NamesPerEvent).ToList();
        for (var c = 0; c < chunks.Count; c++)
        {
            var fields = new Dictionary<string, object>
            {
                ["@timestamp"] = Start.AddMinutes(10).AddSeconds(c),
                ["level"] = "warning",
                ["message"] = $"hostile field names {c + 1} of {chunks.Count}",
                ["xss_run"] = _run,
                ["xss_kind"] = "names",
            };
            foreach (var name in chunks[c].Where(n => !fields.ContainsKey(n)))
            {
                fields[name] = name;
            }

            names.AppendLine(JsonSerializer.Serialize(fields));
        }

        var sentMessages = await Server.IngestNdjsonAsync(HttpIndex, messages.ToString());
        var sentNames = await Server.IngestNdjsonAsync(HttpIndex, names.ToString());
        Assert.True(sentMessages.Accepted >= payloads.Count - 5, $"{sentMessages.Accepted} of {payloads.Count} payload events accepted");
        Assert.True(sentNames.Accepted >= 1, "no event with hostile field names was accepted");
        return (await CountAsync(HttpIndex + "-*", $"xss_run:{_run} AND xss_kind:message", sentMessages.Accepted),
            await CountAsync(HttpIndex + "-*", $"xss_run:{_run} AND xss_kind:names", sentNames.Accepted));
    }

    /// <summary>How many events <paramref name="query"/> finds in <paramref name="index"/> once at least <paramref name="expected"/> are searchable (or 60 s passed).</summary>
    private async Task<long> CountAsync(string index, string query, long expected)
    {
        var url = $"/api/search?index={index}&from=*&to=*&size=1&q={Uri.EscapeDataString(query)}";
        long total = 0;
        for (var waited = 0; waited < 60_000; waited += 250)
        {
            var answer = await Server.Client.GetFromJsonAsync<JsonElement>(new Uri(url, UriKind.Relative));
            total = answer.GetProperty("total").GetInt64();
            if (total >= expected)
            {
                break;
            }

            await Task.Delay(250);
        }

        Assert.True(total >= expected, $"{total} events of {query} in {index}, expected {expected}");
        return total;
    }

    private async Task ShowInDiscoverAsync(long messageEvents, long nameEvents)
    {
        // The table, scrolled through every row (only the rows in view are rendered).
        await Page.GotoInteractiveAsync($"/discover?index={HttpIndex}-*&q={Uri.EscapeDataString($"xss_run:{_run} AND xss_kind:message")}&from={From}&to={To}&columns=xss_payload,message");
        await Expect(Page.GetByTestId("hit-count")).ToHaveAttributeAsync("data-total", messageEvents.ToString(CultureInfo.InvariantCulture));
        var (seen, shownAsText) = await ScrollThroughAsync(messageEvents);
        Assert.True(seen >= messageEvents, $"{seen} of {messageEvents} rows rendered while scrolling");
        Assert.True(shownAsText, $"no table cell showed {Visible} as its text");
        await Detector.CheckDomAsync(Page, "discover table");

        // Top values of a field whose values are payloads.
        await Page.EvaluateAsync("() => window.scrollTo(0, 0)");
        var payloadField = Page.Locator("[data-testid=field][data-field=xss_payload]");
        await payloadField.Locator(".field-name").ClickUntilVisibleAsync(Page.Locator("[data-testid=top-values][data-field=xss_payload] [data-testid=top-value]"));
        await Detector.CheckDomAsync(Page, "discover top values");

        // The events with hostile field names: sidebar, opened documents with their fields and JSON, top values of such a field.
        await Page.GotoInteractiveAsync($"/discover?index={HttpIndex}-*&q={Uri.EscapeDataString($"xss_run:{_run} AND xss_kind:names")}&from={From}&to={To}");
        await Expect(Page.GetByTestId("hit-count")).ToHaveAttributeAsync("data-total", nameEvents.ToString(CultureInfo.InvariantCulture));
        var fieldNames = await Page.GetByTestId("field").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.field)");
        var hostileNames = fieldNames.Where(n => XssPayloads.Markup.Contains(n)).ToList();
        Assert.True(hostileNames.Count >= 10, $"only {hostileNames.Count} hostile field names in the sidebar: {string.Join(" | ", fieldNames.Take(20))}");
        var rows = Page.GetByTestId("document");
        for (var i = 0; i < nameEvents; i++)
        {
            await rows.Nth(i).ClickUntilVisibleAsync(Page.Locator($"[data-testid=document-details][data-id=\"{await rows.Nth(i).GetAttributeAsync("data-id")}\"]"));
        }

        await Expect(Page.GetByTestId("document-field").Filter(new() { HasText = Visible }).First).ToBeAttachedAsync();
        await Page.GetByRole(AriaRole.Tab, new() { Name = "JSON" }).First.ClickAsync();
        await Expect(Page.GetByTestId("document-json").First).ToContainTextAsync("xss_run");
        var hostileField = Page.GetByTestId("field").Nth(Array.IndexOf(fieldNames, hostileNames[0]));
        await hostileField.Locator(".field-name").ClickUntilVisibleAsync(Page.GetByTestId("top-values").GetByTestId("top-value"));
        await Detector.CheckDomAsync(Page, "discover field names");
    }

    /// <summary>
    /// Scrolls Discover's table a screen at a time to its end; returns how many distinct rows were rendered on the way
    /// and whether a cell showed <see cref="Visible"/> as its text.
    /// </summary>
    private async Task<(int Seen, bool ShownAsText)> ScrollThroughAsync(long total)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var shownAsText = false;
        var stalled = 0;
        while (seen.Count < total && stalled < 20)
        {
            // The rows rendered now, then the table's scroller (or the page) most of a screen further: Virtualize renders
            // the rows come into view and loads the next page near the end.
            var ids = await Page.EvaluateAsync<string[]>("""
                visible => {
                  const ids = [...document.querySelectorAll('[data-testid=document]')].map(e => e.dataset.id);
                  if ([...document.querySelectorAll('[data-testid=document-cell]')].some(c => c.textContent.trim() === visible)) ids.push('shown-as-text');
                  let el = document.querySelector('[data-testid=document]')?.parentElement;
                  while (el && !(el.scrollHeight > el.clientHeight + 4 && /(auto|scroll)/.test(getComputedStyle(el).overflowY))) el = el.parentElement;
                  const scroller = el || document.scrollingElement;
                  scroller.scrollTop += Math.max(200, scroller.clientHeight * 0.8);
                  return ids;
                }
                """, Visible);
            shownAsText |= ids.Contains("shown-as-text");
            var before = seen.Count;
            seen.UnionWith(ids.Where(id => id != "shown-as-text"));
            stalled = seen.Count > before ? 0 : stalled + 1;
            await Detector.CheckDomAsync(Page, "discover table");
            await Task.Delay(stalled == 0 ? 100 : 300); // a render is due; the loop ends on what it saw, not on this pause
        }

        return (seen.Count, shownAsText);
    }

    /// <summary>The live tail of this run's events sent over TCP as JSON lines (the way a Django worker ships), every payload.</summary>
    private async Task ShowInLiveTailAsync(IReadOnlyList<string> payloads)
    {
        var tailRun = _run + "t";
        await Page.GotoInteractiveAsync("/tail");
        for (var attempt = 1; ; attempt++)
        {
            await Page.GetByTestId("tail-query").FillAsync($"xss_run:{tailRun}");
            await Page.GetByTestId("tail-start").ClickAsync();
            try
            {
                await Expect(Page.GetByTestId("tail-status")).ToContainTextAsync($"where xss_run:{tailRun}", new() { Timeout = 5_000 });
                break;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
            }
        }

        // Paused, the tail keeps every event that arrives (up to its 2,000 rows) and shows them all on resume; following,
        // it would show only the newest of a burst, as it should for a person reading along.
        await Page.GetByTestId("tail-pause").ClickUntilVisibleAsync(Page.GetByTestId("tail-pause").Filter(new() { HasText = "Resume" }));
        var (port, _) = await Server.Services.GetRequiredService<JsonLinesReceiver>().BoundPorts;
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync("127.0.0.1", port);
            var lines = new StringBuilder();
            foreach (var payload in payloads)
            {
                lines.Append(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["@timestamp"] = DateTimeOffset.UtcNow,
                    ["level"] = "INFO",
                    ["logger_name"] = payload,
                    ["message"] = payload,
                    ["xss_payload"] = payload,
                    ["xss_run"] = tailRun,
                })).Append('\n');
            }

            await tcp.GetStream().WriteAsync(Encoding.UTF8.GetBytes(lines.ToString()));
        }

        var indexed = await CountAsync("thebot-logs-*", $"xss_run:{tailRun}", payloads.Count - 5);
        await Page.GetByTestId("tail-pause").ClickUntilVisibleAsync(Page.GetByTestId("tail-pause").Filter(new() { HasText = "Pause" }));
        await Expect(Page.GetByTestId("tail-rows")).ToHaveAttributeAsync("data-count", indexed.ToString(CultureInfo.InvariantCulture), new() { Timeout = 60_000 });
        await Expect(Page.GetByTestId("tail-rows")).ToContainTextAsync(Visible);
        await Detector.CheckDomAsync(Page, "live tail");
    }

    /// <summary>A dashboard whose title, description and panel titles are payloads, with a table and a bar panel over the payloads.</summary>
    private async Task ShowInDashboardAsync()
    {
        const string title = "<img src=x onerror=__xssProbe('dashboard-title')><script>alert('dashboard')</script>";
        var query = $"xss_run:{_run} AND xss_kind:message";
        var body = new
        {
            title,
            description = "<svg onload=__xssProbe('dashboard-description')>",
            from = From,
            to = To,
            refresh_seconds = 0,
            panels = new object[]
            {
                new { title = "<b onmouseover=alert('table')>payloads</b>", type = "table", index = HttpIndex + "-*", query, columns = new[] { "xss_payload", "message" }, size = 100, width = 12 },
                new { title = "<img src=x onerror=alert('bar')>", type = "bar", index = HttpIndex + "-*", query, split_field = "xss_payload", size = 25, width = 12 },
            },
        };
        using var created = await Server.Client.PostAsJsonAsync(new Uri("/api/dashboards", UriKind.Relative), body, ConsoleServerFixture.ApiJson);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(ConsoleServerFixture.ApiJson)).GetProperty("id").GetInt64();

        await Page.GotoInteractiveAsync("/dashboards");
        await Expect(Page.Locator("[data-testid=dashboards][data-loaded=true]")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("dashboard-open").Filter(new() { HasText = title })).ToBeVisibleAsync();
        await Detector.CheckDomAsync(Page, "dashboard list");

        await Page.GotoInteractiveAsync($"/dashboards/{id}");
        await Expect(Page.GetByTestId("dashboard-title")).ToHaveTextAsync(title);
        await Expect(Page.GetByTestId("dashboard-panel")).ToHaveCountAsync(2);
        await Expect(Page.Locator("[data-testid=dashboard-panel][data-state=loading]")).ToHaveCountAsync(0, new() { Timeout = 60_000 });
        var errors = await Page.Locator("[data-testid=dashboard-panel][data-state=error]").AllInnerTextsAsync();
        Assert.True(errors.Count == 0, "failing panels: " + string.Join(" | ", errors));
        await Expect(Page.GetByTestId("panel-row").First).ToBeVisibleAsync();
        await Expect(Page.Locator("[data-testid=dashboard-panel][data-type=bar] .main-svg").First).ToBeVisibleAsync();
        await Detector.CheckDomAsync(Page, "dashboard");
    }

    /// <summary>An alert rule named with a payload, in the rules table and its editor.</summary>
    private async Task ShowAlertRuleAsync()
    {
        const string name = "<img src=x onerror=__xssProbe('rule-name')>\"><svg onload=alert('rule')>";
        using var created = await Server.Client.PostAsJsonAsync(new Uri("/api/alerts/rules", UriKind.Relative),
            new { name, kind = "CountThreshold", index_pattern = HttpIndex + "-*", query = $"xss_run:{_run}", threshold = 1_000_000 }, ConsoleServerFixture.ApiJson);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(ConsoleServerFixture.ApiJson)).GetProperty("id").GetGuid();

        await Page.GotoInteractiveAsync("/alerts");
        await Expect(Page.GetByTestId("rule-link").Filter(new() { HasText = name })).ToBeVisibleAsync();
        await Detector.CheckDomAsync(Page, "alert rules");
        await Page.GotoInteractiveAsync($"/alerts/rules/{id}");
        await Expect(Page.GetByTestId("editor-title")).ToContainTextAsync(name);
        await Detector.CheckDomAsync(Page, "rule editor");
    }
}
