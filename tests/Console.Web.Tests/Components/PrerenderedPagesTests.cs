using System.Text;
using AngleSharp.Dom;
using Bunit;
using Console.Web.Alerts;
using Console.Web.Alerts.Rules;
using Console.Web.Auth;
using Console.Web.Auth.Pages;
using Console.Web.Components.Layout;
using Console.Web.Dashboards;
using Console.Web.Discover;
using Console.Web.Health;
using Console.Web.Indices;
using Console.Web.Tail;
using Console.Web.Tests.Alerts;
using Console.Web.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Console.Web.Tests.Components;

/// <summary>
/// Every console page in its layout, as the server prerenders it and as the circuit renders it. The browser shows the
/// prerendered HTML until the circuit's first render replaces it: text typed into it is lost and its buttons do nothing,
/// so each of its inputs and buttons must be disabled, and <c>data-interactive</c> says "false". The circuit's render
/// enables them and says "true". The pages run over a whole console's services.
/// </summary>
public sealed class PrerenderedPagesTests(AlertsConsole console) : IClassFixture<AlertsConsole>, IAsyncLifetime
{
    private const string Controls = "input, button, textarea, select";
    private const string From = "2026-11-23T00:00:00Z";
    private const string To = "2026-11-24T00:00:00Z";

    private static readonly RendererInfo Prerendering = new("Static", isInteractive: false);
    private static readonly RendererInfo Circuit = new("Server", isInteractive: true);

    private readonly BunitContext _context = new();
    private readonly AsyncServiceScope _scope = console.Services.CreateAsyncScope();
    private long _dashboardId;

    /// <summary>Each page, where it is ready, and the controls a user acts with first (which the circuit must enable).</summary>
    private static readonly Dictionary<string, (string Url, string Ready, string[] Controls)> Pages = new()
    {
        ["discover"] = ($"/discover?index=prerender-*&q=&from={From}&to={To}", "[data-testid=field]",
            ["[data-testid=index-pattern]", "[data-testid=query]", "[data-testid=from]", "[data-testid=to]", "[data-testid=search]",
             "[data-testid=save-search]", "[data-testid=open-saved-searches]", "[data-testid=field-filter]", "[data-testid=field] button"]),
        ["tail"] = ("/tail", "[data-testid=tail-start]",
            ["[data-testid=tail-index]", "[data-testid=tail-query]", "[data-testid=tail-start]", "[data-testid=tail-clear]"]),
        ["indices"] = ("/indices", "[data-testid=indices][data-loaded='*'] [data-testid=index-name]",
            ["[data-testid=pattern]", "[data-testid=refresh]", "button[aria-label^='Delete prerender-']", "button[aria-label^='Force merge prerender-']"]),
        ["lifecycle"] = ("/lifecycle", "[data-testid=policy-add]", ["[data-testid=policy-add]", "[data-testid=policy-reset]"]),
        ["snapshots"] = ("/snapshots", "[data-testid=snapshot-create][data-loaded=true]", ["[data-testid=snapshot-name]", "[data-testid=snapshot-pattern]"]),
        ["health"] = ("/health", "[data-testid=health-status]", ["button[aria-label=Refresh]"]),
        ["dashboards"] = ("/dashboards", "[data-testid=dashboards][data-loaded=true]", ["[data-testid=new-dashboard-title]", "[data-testid=create-dashboard]"]),
        ["dashboard"] = ("/dashboards/{id}", "[data-testid=dashboard]", ["[data-testid=edit-dashboard]"]),
        ["alerts"] = ("/alerts", "[data-testid=alerts-tabs]", ["[data-testid=rule-enabled-switch]"]),
        ["rule editor"] = ("/alerts/rules/new", "[data-testid=editor-title][data-loaded=true]",
            ["[data-testid=rule-name]", "[data-testid=rule-query]", "[data-testid=rule-preview]", "[data-testid=rule-save]"]),
        ["users"] = ("/admin/users", "[data-testid=create-user]", ["[data-testid=new-user-name]", "[data-testid=create-user]"]),
        ["api keys"] = ("/admin/api-keys", "[data-testid=create-key]", ["[data-testid=key-name]", "[data-testid=create-key]"]),
    };

    public static TheoryData<string> PageNames() => [.. Pages.Keys];

    public async Task InitializeAsync()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddSignedInUser(ConsoleRole.Admin);
        // The console's own services for what bUnit does not provide (a scope, as a circuit has one).
        _context.Services.AddFallbackServiceProvider(_scope.ServiceProvider);

        // Hits for Discover's table and sidebar, an index with row buttons, a dashboard and a rule with a switch.
        using var client = console.CreateClient();
        var events = string.Join('\n',
            """{"@timestamp":"2026-11-23T10:00:01Z","level":"ERROR","logger":"django.request","message":"Internal Server Error"}""",
            """{"@timestamp":"2026-11-23T10:00:02Z","level":"INFO","logger":"thebot.http","message":"GET /api/health/ 200"}""");
        var ingest = await client.PostAsync("/api/ingest?index=prerender&refresh=wait_for", new StringContent(events, Encoding.UTF8, "application/x-ndjson"));
        ingest.EnsureSuccessStatusCode();
        var dashboards = console.Services.GetRequiredService<DashboardService>();
        _dashboardId = (await dashboards.CreateAsync(new DashboardInput { Title = "prerendered " + Guid.NewGuid().ToString("N")[..8] })).Dashboard!.Id;
        var rules = console.Services.GetRequiredService<AlertRuleService>();
        await rules.SaveAsync(null, new AlertRule
        {
            Id = Guid.Empty, Name = "prerendered rule", Kind = AlertRuleKind.CountThreshold, Query = "log_level:ERROR", Threshold = 5,
        });
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _scope.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(PageNames))]
    public void Prerendered_every_input_and_button_of_the_page_and_its_layout_is_disabled(string page)
    {
        _context.SetRendererInfo(Prerendering);
        var cut = Render(page);

        var controls = cut.FindAll(Controls).Where(IsUsable).ToList();
        Assert.NotEmpty(controls);
        var enabled = controls.Where(c => !c.HasAttribute("disabled")).Select(Describe).ToList();
        Assert.True(enabled.Count == 0, $"{page}: {enabled.Count} of {controls.Count} controls can be used before the circuit is up:\n{string.Join('\n', enabled)}");
        Assert.Equal("false", cut.Find("[data-interactive]").GetAttribute("data-interactive"));
    }

    [Theory]
    [MemberData(nameof(PageNames))]
    public void In_the_circuit_the_pages_controls_and_the_layouts_are_enabled(string page)
    {
        _context.SetRendererInfo(Circuit);
        var cut = Render(page);

        Assert.Equal("true", cut.Find("[data-interactive]").GetAttribute("data-interactive"));
        foreach (var selector in Pages[page].Controls.Append("button[aria-label='Toggle navigation']"))
        {
            var controls = cut.FindAll(selector).SelectMany(e => e.Matches(Controls) ? new[] { e } : e.QuerySelectorAll(Controls).ToArray()).ToList();
            Assert.True(controls.Count > 0, $"{page}: nothing matches {selector}");
            Assert.All(controls, c => Assert.False(c.HasAttribute("disabled"), $"{page}: {Describe(c)} is disabled in the circuit"));
        }
    }

    /// <summary>The page as the router shows it: at its address, in <see cref="MainLayout"/>.</summary>
    private IRenderedComponent<MainLayout> Render(string page)
    {
        var (url, ready, _) = Pages[page];
        _context.Services.GetRequiredService<NavigationManager>().NavigateTo(url.Replace("{id}", _dashboardId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        RenderFragment body = page switch
        {
            "discover" => Page<DiscoverPage>(),
            "tail" => Page<LiveTailPage>(),
            "indices" => Page<IndicesPage>(),
            "lifecycle" => Page<RetentionPoliciesPage>(),
            "snapshots" => Page<SnapshotsPage>(),
            "health" => Page<HealthPage>(),
            "dashboards" => Page<DashboardsPage>(),
            "dashboard" => Page<DashboardPage>((nameof(DashboardPage.Id), _dashboardId)),
            "alerts" => Page<AlertsPage>(),
            "rule editor" => Page<RuleEditorPage>(),
            "users" => Page<UsersPage>(),
            "api keys" => Page<ApiKeysPage>(),
            _ => throw new ArgumentOutOfRangeException(nameof(page), page, null),
        };
        var cut = _context.Render<MainLayout>(p => p.Add(l => l.Body, body));
        cut.WaitForElement(ready, TimeSpan.FromSeconds(30));
        return cut;
    }

    private static RenderFragment Page<TPage>(params (string Name, object Value)[] parameters) where TPage : IComponent => builder =>
    {
        builder.OpenComponent<TPage>(0);
        foreach (var (name, value) in parameters)
        {
            builder.AddComponentParameter(1, name, value);
        }

        builder.CloseComponent();
    };

    /// <summary>Whether a user could type into or click the control: hidden inputs cannot be.</summary>
    private static bool IsUsable(IElement control) => !string.Equals(control.GetAttribute("type"), "hidden", StringComparison.OrdinalIgnoreCase);

    private static string Describe(IElement control) =>
        control.OuterHtml.Length > 240 ? control.OuterHtml[..240] + "…" : control.OuterHtml;
}
