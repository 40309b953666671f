using AngleSharp.Dom;
using Bunit;
using Console.Web.Alerts;
using Console.Web.Alerts.Notifications;
using Console.Web.Alerts.Rules;
using Console.Web.Auth;
using Console.Web.Auth.Pages;
using Console.Web.Dashboards;
using Console.Web.Discover;
using Console.Web.Indices;
using Console.Web.Tests.Alerts;
using Console.Web.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Console.Web.Tests.Auth;

/// <summary>
/// The role × action matrix over the Blazor circuit: each write control is shown exactly to the roles the HTTP routes
/// allow, and a write whose user lost the role while the page stayed open (the button is still on screen) is refused.
/// The pages run in bUnit over a whole console's services, with the console's real policies.
/// </summary>
public sealed class BlazorRoleMatrixTests(AlertsConsole console) : IClassFixture<AlertsConsole>, IAsyncLifetime
{
    private const string ChannelSecret = "T000/B000/matrix-secret";
    private static readonly DiscoverState View = new("thebot-logs-*", "log_level:ERROR", "now-24h", "now", "message");

    private readonly BunitContext _context = new();
    private readonly AsyncServiceScope _scope = console.Services.CreateAsyncScope();
    private SignedInUser _user = null!;
    private Dashboard _dashboard = null!;
    private AlertRule _rule = null!;

    private DashboardService Dashboards => console.Services.GetRequiredService<DashboardService>();

    private AlertRuleService Rules => console.Services.GetRequiredService<AlertRuleService>();

    private SavedSearchService Searches => console.Services.GetRequiredService<SavedSearchService>();

    private UserService Users => console.Services.GetRequiredService<UserService>();

    /// <summary>Each write control by the surface it is on, and the least role that may use it (as over HTTP).</summary>
    private static readonly Dictionary<string, (ConsoleRole Least, string[] Controls)> Surfaces = new()
    {
        ["dashboard list"] = (ConsoleRole.Editor, ["create-dashboard", "import-dashboard", "dashboard-duplicate", "dashboard-delete"]),
        ["dashboard"] = (ConsoleRole.Editor, ["edit-dashboard", "duplicate-dashboard"]),
        ["discover saved searches"] = (ConsoleRole.Editor, ["save-search"]),
        ["alerts page"] = (ConsoleRole.Editor, ["new-rule"]),
        ["alert rules"] = (ConsoleRole.Editor, ["rule-snooze", "rule-delete"]),
        ["rule editor"] = (ConsoleRole.Editor, ["rule-save"]),
        ["maintenance windows"] = (ConsoleRole.Editor, ["maintenance-add", "maintenance-delete"]),
        ["notification channels"] = (ConsoleRole.Admin, ["channel-add", "channel-edit", "channel-delete", "channel-test"]),
    };

    public static TheoryData<string, ConsoleRole> Cases()
    {
        var cases = new TheoryData<string, ConsoleRole>();
        foreach (var surface in Surfaces.Keys)
        {
            foreach (var role in new[] { ConsoleRole.Viewer, ConsoleRole.Editor, ConsoleRole.Admin })
            {
                cases.Add(surface, role);
            }
        }

        return cases;
    }

    public async Task InitializeAsync()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _user = _context.Services.AddSignedInUser(ConsoleRole.Viewer);
        // The console's own services for what bUnit does not provide (a scope, as a circuit has one).
        _context.Services.AddFallbackServiceProvider(_scope.ServiceProvider);
        // As in the circuit, where each write control can be used (prerendered, they are disabled). After the services:
        // it starts the renderer.
        _context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));

        var suffix = Guid.NewGuid().ToString("N")[..8];
        _dashboard = (await Dashboards.CreateAsync(new DashboardInput { Title = $"matrix {suffix}" })).Dashboard!;
        _rule = (await Rules.SaveAsync(null, new AlertRule { Id = Guid.Empty, Name = $"matrix rule {suffix}", Kind = AlertRuleKind.CountThreshold, Query = "log_level:ERROR", Threshold = 5 })).Rule!;
        await Rules.AddMaintenanceWindowAsync(new MaintenanceWindow { Name = $"matrix window {suffix}", Starts = console.Clock.GetUtcNow(), Ends = console.Clock.GetUtcNow().AddHours(1) });
        var channels = console.Services.GetRequiredService<NotificationChannelService>();
        if ((await channels.ListAsync()).Count == 0)
        {
            var (channel, errors, _) = await channels.CreateAsync(new NotificationChannelDefinition
            {
                Id = "", Name = "matrix slack", Type = NotificationChannelType.Slack, Url = $"https://hooks.slack.example/services/{ChannelSecret}",
            });
            Assert.True(channel is not null, string.Join("; ", errors));
        }
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _scope.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_write_control_is_shown_exactly_to_the_roles_that_may_use_it(string surface, ConsoleRole role)
    {
        _user.Role = role;
        var (least, controls) = Surfaces[surface];
        var cut = Render(surface);

        var allowed = role >= least;
        foreach (var control in controls)
        {
            var found = cut.FindAll($"[data-testid={control}]").Count;
            Assert.True(allowed == found > 0, $"{surface} as {role}: {control} is {(found > 0 ? "shown" : "hidden")}, expected {(allowed ? "shown" : "hidden")}");
        }

        if (surface == "notification channels")
        {
            // Not only the buttons: the addresses themselves are secrets.
            Assert.Equal(allowed, cut.Markup.Contains(ChannelSecret, StringComparison.Ordinal));
            Assert.Equal(!allowed, cut.FindAll("[data-testid=channels-admin-only]").Count > 0);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Creating_a_dashboard_after_the_role_was_lowered_is_refused(bool lowered)
    {
        _user.Role = ConsoleRole.Editor;
        var title = $"created {Guid.NewGuid():N}"[..20];
        var snackbars = _context.Render<MudSnackbarProvider>();
        var cut = Render("dashboard list");
        cut.Find("input[data-testid=new-dashboard-title]").Input(title);

        _user.Role = lowered ? ConsoleRole.Viewer : ConsoleRole.Editor;
        cut.Find("[data-testid=create-dashboard]").Click();

        if (lowered)
        {
            WaitForRefusal(snackbars);
            Assert.DoesNotContain(await Dashboards.ListAsync(), d => d.Title == title);
        }
        else
        {
            Assert.Contains(await Eventually.Get(() => Dashboards.ListAsync(), all => all.Any(d => d.Title == title)), d => d.Title == title);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Switching_a_rule_off_after_the_role_was_lowered_is_refused(bool lowered)
    {
        _user.Role = ConsoleRole.Editor;
        var snackbars = _context.Render<MudSnackbarProvider>();
        var cut = Render("alert rules");

        _user.Role = lowered ? ConsoleRole.Viewer : ConsoleRole.Editor;
        // Found just before the change: the table re-renders every few seconds as it polls the rule states.
        RowOf(cut, _rule.Name).QuerySelector("input[data-testid=rule-enabled-switch], [data-testid=rule-enabled-switch] input")!.Change(false);

        if (lowered)
        {
            WaitForRefusal(snackbars);
            Assert.True((await Rules.FindAsync(_rule.Id))!.Enabled);
        }
        else
        {
            Assert.False((await Eventually.Get(() => Rules.FindAsync(_rule.Id), r => !r!.Enabled))!.Enabled);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Saving_a_search_after_the_role_was_lowered_is_refused_with_a_reason(bool lowered)
    {
        _user.Role = ConsoleRole.Editor;
        var name = $"search {Guid.NewGuid():N}"[..20];
        var dialogs = _context.Render<MudDialogProvider>();
        var cut = _context.Render<SavedSearchesMenu>(p => p.Add(m => m.State, View));
        cut.Find("[data-testid=save-search]").Click();
        dialogs.WaitForElement("input[data-testid=saved-search-name]").Input(name);

        _user.Role = lowered ? ConsoleRole.Viewer : ConsoleRole.Editor;
        dialogs.Find("[data-testid=saved-search-save]").Click();

        if (lowered)
        {
            dialogs.WaitForAssertion(() => Assert.Contains(UserAccess.Refused, dialogs.Find(".mud-input-helper-text").TextContent, StringComparison.Ordinal));
            Assert.DoesNotContain(await Searches.ListAsync(), s => s.Name == name);
        }
        else
        {
            Assert.Contains(await Eventually.Get(() => Searches.ListAsync(), all => all.Any(s => s.Name == name)), s => s.Name == name);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Adding_a_maintenance_window_after_the_role_was_lowered_is_refused(bool lowered)
    {
        _user.Role = ConsoleRole.Editor;
        var name = $"window {Guid.NewGuid():N}"[..20];
        var snackbars = _context.Render<MudSnackbarProvider>();
        var cut = Render("maintenance windows");
        cut.Find("input[data-testid=maintenance-name]").Change(name);

        _user.Role = lowered ? ConsoleRole.Viewer : ConsoleRole.Editor;
        cut.Find("[data-testid=maintenance-add]").Click();

        if (lowered)
        {
            WaitForRefusal(snackbars);
            Assert.DoesNotContain(await Rules.MaintenanceWindowsAsync(), w => w.Name == name);
        }
        else
        {
            Assert.Contains(await Eventually.Get(() => Rules.MaintenanceWindowsAsync(), all => all.Any(w => w.Name == name)), w => w.Name == name);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Creating_a_user_after_the_admin_role_was_lowered_is_refused(bool lowered)
    {
        _user.Role = ConsoleRole.Admin;
        var name = $"u{Guid.NewGuid():N}"[..12];
        var snackbars = _context.Render<MudSnackbarProvider>();
        var cut = _context.Render<UsersPage>();
        cut.WaitForElement("[data-testid=create-user]");
        cut.Find("input[data-testid=new-user-name]").Change(name);

        _user.Role = lowered ? ConsoleRole.Editor : ConsoleRole.Admin;
        cut.Find("[data-testid=create-user]").Click();

        if (lowered)
        {
            WaitForRefusal(snackbars);
            Assert.DoesNotContain(await Users.ListAsync(), u => u.Name == name);
        }
        else
        {
            Assert.Contains(await Eventually.Get(() => Users.ListAsync(), all => all.Any(u => u.Name == name)), u => u.Name == name);
        }
    }

    [Theory]
    [InlineData(typeof(IndicesPage))]
    [InlineData(typeof(RetentionPoliciesPage))]
    [InlineData(typeof(SnapshotsPage))]
    [InlineData(typeof(UsersPage))]
    [InlineData(typeof(ApiKeysPage))]
    public void The_admin_pages_name_the_admin_policy_for_the_router(Type page)
    {
        // AuthorizeRouteView (Routes.razor) refuses these pages to other roles; RoleMatrixTests checks the same over HTTP.
        var policies = page.GetCustomAttributes(typeof(AuthorizeAttribute), inherit: true).Cast<AuthorizeAttribute>().Select(a => a.Policy);
        Assert.Contains(ConsolePolicies.Admin, policies);
    }

    private Rendered Render(string surface)
    {
        var cut = surface switch
        {
            "dashboard list" => Wait(_context.Render<DashboardsPage>(), "[data-testid=dashboards][data-loaded=true]"),
            "dashboard" => Wait(_context.Render<DashboardPage>(p => p.Add(c => c.Id, _dashboard.Id)), "[data-testid=dashboard]"),
            "discover saved searches" => Wait(_context.Render<SavedSearchesMenu>(p => p.Add(m => m.State, View)), "[data-testid=open-saved-searches]"),
            "alerts page" => Wait(_context.Render<AlertsPage>(), "[data-testid=rule-link]"),
            "alert rules" => Wait(_context.Render<RulesTable>(), "[data-testid=rule-link]"),
            "rule editor" => Wait(_context.Render<RuleEditorPage>(p => p.Add(c => c.Id, _rule.Id)), "[data-testid=rule-query]"),
            "maintenance windows" => Wait(_context.Render<MaintenanceWindowsPanel>(), "[data-testid=maintenance-row-name]"),
            "notification channels" => Wait(_context.Render<ChannelsPanel>(), "[data-testid=channels-admin-only], [data-testid=channel-add]"),
            _ => throw new ArgumentOutOfRangeException(nameof(surface), surface, null),
        };
        return cut;
    }

    private static Rendered Wait<T>(IRenderedComponent<T> cut, string selector) where T : IComponent
    {
        cut.WaitForElement(selector, TimeSpan.FromSeconds(30));
        return new Rendered(s => cut.Find(s), s => cut.FindAll(s), () => cut.Markup);
    }

    /// <summary>The refusal is said in a snackbar after the check and before any write would start.</summary>
    private static void WaitForRefusal(IRenderedComponent<MudSnackbarProvider> snackbars) =>
        snackbars.WaitForAssertion(() => Assert.True(snackbars.Markup.Contains(UserAccess.Refused, StringComparison.Ordinal), "snackbars: " + snackbars.Markup), TimeSpan.FromSeconds(30));

    private static IElement RowOf(Rendered cut, string ruleName) =>
        cut.FindAll("tr").First(tr => tr.QuerySelector("[data-testid=rule-link]")?.TextContent.Trim() == ruleName);

    /// <summary>A rendered surface, whatever its component type.</summary>
    private sealed record Rendered(Func<string, IElement> Find, Func<string, IReadOnlyList<IElement>> FindAll, Func<string> ReadMarkup)
    {
        public string Markup => ReadMarkup();
    }
}
