using System.Net;
using System.Security.Claims;
using System.Text;
using Bunit;
using Console.Shared.Storage;
using Console.Web.Auth;
using Console.Web.Dashboards;
using Console.Web.Discover;
using Console.Web.Searching;
using Console.Web.Tail;
using Console.Web.Tests.Support;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Console.Web.Tests.Searching;

/// <summary>
/// One user's search budget over the whole console: the searches of their pages (a circuit's scope, its user set as
/// Blazor sets it) and of their API calls count together, the pages queue while the API is refused with 429, and a
/// dashboard with more panels than the budget still shows every panel. The store holds searches at a gate and counts
/// how many ran at once.
/// </summary>
public sealed class SharedSearchBudgetTests(GatedSearchConsole console) : IClassFixture<GatedSearchConsole>
{
    private const string Index = "budget";
    private const string Range = "from=2026-11-23T00:00:00Z&to=2026-11-24T00:00:00Z";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private static readonly DiscoverState Gated = new($"{Index}-*", $"message:{GatedSearchConsole.GatedWord}", "2026-11-23T00:00:00Z", "2026-11-24T00:00:00Z", "");
    private static readonly SemaphoreSlim Seeded = new(1, 1);
    private static bool _seeded;

    private SearchConcurrencyLimiter Limiter => console.Services.GetRequiredService<SearchConcurrencyLimiter>();

    private async Task SeedAsync()
    {
        await Seeded.WaitAsync();
        try
        {
            if (_seeded)
            {
                return;
            }

            var (ingest, _) = await console.KeyClientAsync(ApiKeyScopes.Ingest);
            var lines = Enumerable.Range(0, 20).Select(i =>
                $$"""{"@timestamp":"2026-11-23T08:00:{{i:00}}Z","service":"svc{{i % 2}}","message":"{{(i % 2 == 0 ? "gated" : "open")}} request {{i}}"}""");
            using var content = new StringContent(string.Join('\n', lines), Encoding.UTF8, "application/x-ndjson");
            (await ingest.PostAsync(new Uri($"/api/ingest?index={Index}&refresh=wait_for", UriKind.Relative), content)).EnsureSuccessStatusCode();
            _seeded = true;
        }
        finally
        {
            Seeded.Release();
        }
    }

    private static Uri Search(string q) => new($"/api/search?index={Index}-*&{Range}&q={Uri.EscapeDataString(q)}", UriKind.Relative);

    /// <summary>A user signed in over HTTP (their API calls) and the principal their circuit would carry.</summary>
    private async Task<(HttpClient Api, string Caller, ClaimsPrincipal Circuit)> UserAsync(string name)
    {
        var api = await console.SignedInAsync(name, ConsoleRole.Viewer);
        var id = (await console.Users.ListAsync()).Single(u => u.Name == name).Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var circuit = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, id),
            new Claim(ClaimTypes.Name, name),
            new Claim(ClaimTypes.Role, nameof(ConsoleRole.Viewer)),
            new Claim(ConsoleClaimTypes.Kind, ConsoleClaimTypes.UserKind),
        ], "Cookies"));
        return (api, $"user:{id}", circuit);
    }

    /// <summary>A circuit's scope: its user set as Blazor sets it when the circuit starts.</summary>
    private AsyncServiceScope CircuitOf(ClaimsPrincipal user)
    {
        var scope = console.Services.CreateAsyncScope();
        var authentication = (IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        authentication.SetAuthenticationState(Task.FromResult(new AuthenticationState(user)));
        return scope;
    }

    [Fact]
    public async Task Searches_running_in_a_users_pages_take_the_slots_their_api_calls_are_refused_with_429()
    {
        await SeedAsync();
        var (api, caller, circuit) = await UserAsync("budget-pages-first");
        var (colleague, _, _) = await UserAsync("budget-colleague");
        console.Gate.Close();
        await using var scope = CircuitOf(circuit);
        var discover = scope.ServiceProvider.GetRequiredService<DiscoverSearch>();
        try
        {
            var pages = Enumerable.Range(0, GatedSearchConsole.MaxConcurrent + 1).Select(_ => Task.Run(() => discover.FirstPageAsync(Gated, CancellationToken.None))).ToList();
            await Eventually.Get(() => Task.FromResult(Limiter.Waiting(caller)), n => n == 1);
            Assert.Equal(GatedSearchConsole.MaxConcurrent, Limiter.Running(caller));

            var refused = await api.GetAsync(Search("message:open"));
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.Equal(HttpStatusCode.OK, (await colleague.GetAsync(Search("message:open"))).StatusCode);

            console.Gate.Open();
            var results = await Task.WhenAll(pages).WaitAsync(Bound);
            Assert.All(results, r => Assert.Equal(10, r.Page.Total));
            Assert.Equal(GatedSearchConsole.MaxConcurrent, console.Gate.MaxRunning);
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(Search("message:open"))).StatusCode);
            Assert.Equal(0, Limiter.Running(caller));
        }
        finally
        {
            console.Gate.Open();
        }
    }

    [Fact]
    public async Task A_page_search_waits_behind_the_users_running_api_calls_and_then_runs()
    {
        await SeedAsync();
        var (api, caller, circuit) = await UserAsync("budget-api-first");
        console.Gate.Close();
        await using var scope = CircuitOf(circuit);
        var discover = scope.ServiceProvider.GetRequiredService<DiscoverSearch>();
        try
        {
            var calls = Enumerable.Range(0, GatedSearchConsole.MaxConcurrent).Select(_ => api.GetAsync(Search($"message:{GatedSearchConsole.GatedWord}"))).ToList();
            await Eventually.Get(() => Task.FromResult(console.Gate.Running), n => n == GatedSearchConsole.MaxConcurrent);

            var page = Task.Run(() => discover.FirstPageAsync(Gated, CancellationToken.None));
            await Eventually.Get(() => Task.FromResult(Limiter.Waiting(caller)), n => n == 1);
            Assert.False(page.IsCompleted); // queued behind the API calls, not refused
            Assert.Equal(GatedSearchConsole.MaxConcurrent, console.Gate.Running);
            Assert.Equal(HttpStatusCode.TooManyRequests, (await api.GetAsync(Search("message:open"))).StatusCode);

            console.Gate.Open();
            Assert.All(await Task.WhenAll(calls).WaitAsync(Bound), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            Assert.Equal(10, (await page.WaitAsync(Bound)).Page.Total);
            Assert.Equal(GatedSearchConsole.MaxConcurrent, console.Gate.MaxRunning);
            Assert.Equal(0, Limiter.Running(caller));
        }
        finally
        {
            console.Gate.Open();
        }
    }

    [Fact]
    public async Task A_live_tails_first_search_takes_one_of_the_users_slots_as_discovers_searches_do()
    {
        await SeedAsync();
        var (api, caller, circuit) = await UserAsync("budget-tail");
        console.Gate.Close();
        await using var scope = CircuitOf(circuit);
        var tails = scope.ServiceProvider.GetRequiredService<LiveTailService>();
        var discover = scope.ServiceProvider.GetRequiredService<DiscoverSearch>();
        var who = await scope.ServiceProvider.GetRequiredService<CurrentSearchCaller>().GetAsync();
        Assert.Equal(caller, who);
        try
        {
            var first = Task.Run(() => tails.OpenAsync($"{Index}-*", $"message:{GatedSearchConsole.GatedWord}", who, CancellationToken.None));
            Assert.Equal(1, await Eventually.Get(() => Task.FromResult(Limiter.Running(caller)), n => n == 1));
            var page = Task.Run(() => discover.FirstPageAsync(Gated, CancellationToken.None));
            Assert.Equal(GatedSearchConsole.MaxConcurrent, await Eventually.Get(() => Task.FromResult(Limiter.Running(caller)), n => n == GatedSearchConsole.MaxConcurrent));

            // The tail and the page hold both slots: another tail waits in line, the user's API call is refused.
            var second = Task.Run(() => tails.OpenAsync($"{Index}-*", "message:open", who, CancellationToken.None));
            Assert.Equal(1, await Eventually.Get(() => Task.FromResult(Limiter.Waiting(caller)), n => n == 1));
            Assert.False(second.IsCompleted);
            Assert.Equal(HttpStatusCode.TooManyRequests, (await api.GetAsync(Search("message:open"))).StatusCode);

            console.Gate.Open();
            using var gated = await first.WaitAsync(Bound);
            using var open = await second.WaitAsync(Bound);
            Assert.Equal(10, gated.Initial.Count);
            Assert.Equal(10, open.Initial.Count);
            Assert.Equal(10, (await page.WaitAsync(Bound)).Page.Total);
            Assert.Equal(GatedSearchConsole.MaxConcurrent, console.Gate.MaxRunning);
            Assert.Equal(0, Limiter.Running(caller));
        }
        finally
        {
            console.Gate.Open();
        }
    }

    [Fact]
    public async Task A_dashboard_with_more_panels_than_the_budget_queues_them_and_shows_every_panel()
    {
        await SeedAsync();
        const int Panels = GatedSearchConsole.MaxConcurrent * 2 + 1;
        var (_, caller, circuit) = await UserAsync("budget-dashboard");
        var created = await console.Services.GetRequiredService<DashboardService>().CreateAsync(new DashboardInput
        {
            Title = "budget " + Guid.NewGuid().ToString("N")[..8],
            From = "2026-11-23T00:00:00Z",
            To = "2026-11-24T00:00:00Z",
            Panels = Enumerable.Range(0, Panels).Select(i => new PanelInput
            {
                Title = $"panel {i}",
                Type = "single_stat",
                Index = $"{Index}-*",
                Query = $"message:{GatedSearchConsole.GatedWord}",
            }).ToList(),
        });
        var dashboard = created.Dashboard ?? throw new InvalidOperationException(string.Join(" ", created.Errors));
        console.Gate.Close();
        await using var scope = CircuitOf(circuit);
        await using var bunit = new BunitContext();
        bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        bunit.Services.AddMudServices();
        bunit.Services.AddSignedInUser(ConsoleRole.Viewer);
        bunit.Services.AddFallbackServiceProvider(scope.ServiceProvider);
        try
        {
            var cut = bunit.Render<DashboardPage>(p => p.Add(c => c.Id, dashboard.Id));

            // A panel holds its slot a moment before its search reaches the gate: wait for both, each to its own count.
            Assert.Equal(GatedSearchConsole.MaxConcurrent,
                await Eventually.Get(() => Task.FromResult(console.Gate.Running), n => n == GatedSearchConsole.MaxConcurrent, Bound));
            Assert.Equal(Panels - GatedSearchConsole.MaxConcurrent,
                await Eventually.Get(() => Task.FromResult(Limiter.Waiting(caller)), n => n == Panels - GatedSearchConsole.MaxConcurrent, Bound));
            Assert.Equal(GatedSearchConsole.MaxConcurrent, console.Gate.Running);
            cut.WaitForAssertion(() => Assert.All(cut.FindAll("[data-testid=dashboard-panel]"), p => Assert.Equal("loading", p.GetAttribute("data-state"))), Bound);

            console.Gate.Open();

            cut.WaitForAssertion(() =>
            {
                var panels = cut.FindAll("[data-testid=dashboard-panel]");
                Assert.Equal(Panels, panels.Count);
                Assert.All(panels, p => Assert.Equal("loaded", p.GetAttribute("data-state")));
            }, Bound);
            Assert.Empty(cut.FindAll("[data-testid=panel-error]"));
            Assert.Equal(Panels, console.Gate.Started);
            Assert.Equal(GatedSearchConsole.MaxConcurrent, console.Gate.MaxRunning);
            Assert.Equal(0, Limiter.Running(caller));
        }
        finally
        {
            console.Gate.Open();
        }
    }
}
