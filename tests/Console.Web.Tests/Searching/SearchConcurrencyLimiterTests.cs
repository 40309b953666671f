using System.Security.Claims;
using Console.Shared.Query.Limits;
using Console.Shared.Storage;
using Console.Web.Auth;
using Console.Web.Searching;
using Console.Web.Tests.Support;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Console.Web.Tests.Searching;

/// <summary>
/// The per-user search budget as the pages meet it: searches queue for their user's slots through <see cref="UserLogStore"/>,
/// over a store that holds them at a gate and counts how many ever ran at once.
/// </summary>
public sealed class SearchConcurrencyLimiterTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private static SearchConcurrencyLimiter Limiter(int max, TimeProvider? clock = null, TimeSpan? timeout = null) =>
        new(Options.Create(new QueryLimitsOptions { MaxConcurrentSearchesPerUser = max, Timeout = timeout ?? TimeSpan.FromSeconds(30) }), clock ?? TimeProvider.System);

    private static ClaimsPrincipal User(string id) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, id), new Claim(ConsoleClaimTypes.Kind, ConsoleClaimTypes.UserKind)], "Cookies"));

    /// <summary>The store as the pages of a circuit signed in as <paramref name="userId"/> see it.</summary>
    private static UserLogStore PagesOf(string userId, ILogStore store, SearchConcurrencyLimiter limiter)
    {
        var circuit = new ServerAuthenticationStateProvider();
        circuit.SetAuthenticationState(Task.FromResult(new AuthenticationState(User(userId))));
        return new UserLogStore(store, limiter, new CurrentSearchCaller(circuit, new HttpContextAccessor()));
    }

    /// <summary>A search whose query text names the user, so a gate can hold one user's searches only.</summary>
    private static LogQuery QueryOf(string userId) => new("thebot-logs-*", userId, null, null);

    [Fact]
    public async Task A_user_with_ten_queued_searches_never_has_more_than_the_limit_running_and_all_complete()
    {
        var store = new GateLogStore();
        var limiter = Limiter(3);
        using var pages = PagesOf("1", store, limiter);

        var searches = Enumerable.Range(0, 10).Select(_ => Task.Run(() => pages.CountAsync(QueryOf("1")))).ToList();

        await Eventually.Get(() => Task.FromResult(limiter.Waiting("user:1")), n => n == 7);
        Assert.Equal(7, limiter.Waiting("user:1"));
        Assert.Equal(3, limiter.Running("user:1"));
        Assert.Equal(3, store.Running);
        Assert.All(searches, s => Assert.False(s.IsCompleted)); // queued, not refused

        store.Open();
        await Task.WhenAll(searches).WaitAsync(Bound);

        Assert.Equal(10, store.Started);
        Assert.Equal(3, store.MaxRunning);
        Assert.Equal(0, limiter.Running("user:1"));
        Assert.Equal(0, limiter.Waiting("user:1"));
    }

    [Fact]
    public async Task A_second_user_is_not_delayed_by_the_first_users_full_line()
    {
        var store = new GateLogStore { Gates = q => q.Query == "1" };
        var limiter = Limiter(2);
        using var first = PagesOf("1", store, limiter);
        using var second = PagesOf("2", store, limiter);
        var held = Enumerable.Range(0, 6).Select(_ => Task.Run(() => first.CountAsync(QueryOf("1")))).ToList();
        await Eventually.Get(() => Task.FromResult(limiter.Waiting("user:1")), n => n == 4);

        // Two at once, as many as the second user may run: none waits behind the first user's line.
        await Task.WhenAll(second.CountAsync(QueryOf("2")), second.CountAsync(QueryOf("2"))).WaitAsync(Bound);
        Assert.Equal(0, limiter.Running("user:2"));
        Assert.Equal(4, limiter.Waiting("user:1"));

        store.Open();
        await Task.WhenAll(held).WaitAsync(Bound);
        Assert.Equal(0, limiter.Running("user:1"));
    }

    [Fact]
    public async Task A_cancelled_wait_leaves_the_line_at_once_and_never_holds_a_slot()
    {
        var store = new GateLogStore();
        var limiter = Limiter(1);
        using var pages = PagesOf("1", store, limiter);
        var running = Task.Run(() => pages.CountAsync(QueryOf("1")));
        await Eventually.Get(() => Task.FromResult(store.Running), n => n == 1);
        using var navigatedAway = new CancellationTokenSource();
        var waiting = Task.Run(() => pages.CountAsync(QueryOf("1"), navigatedAway.Token));
        await Eventually.Get(() => Task.FromResult(limiter.Waiting("user:1")), n => n == 1);

        await navigatedAway.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Bound));
        Assert.Equal(0, limiter.Waiting("user:1"));
        Assert.Equal(1, limiter.Running("user:1")); // the first search's own slot only
        store.Open();
        await running.WaitAsync(Bound);
        Assert.Equal(0, limiter.Running("user:1"));
        Assert.Equal(1, store.Started); // the cancelled search never reached the store
        using var next = limiter.TryEnter("user:1");
        Assert.NotNull(next);
    }

    [Fact]
    public async Task A_slot_is_released_when_the_search_throws_and_the_next_in_line_runs()
    {
        var store = new GateLogStore { Failure = new StoreRequestException("the store refused it") };
        var limiter = Limiter(1);
        using var pages = PagesOf("1", store, limiter);
        var searches = Enumerable.Range(0, 5).Select(_ => Task.Run(() => pages.CountAsync(QueryOf("1")))).ToList();
        await Eventually.Get(() => Task.FromResult(limiter.Waiting("user:1")), n => n == 4);

        store.Open();

        foreach (var search in searches)
        {
            var refused = await Assert.ThrowsAsync<StoreRequestException>(() => search.WaitAsync(Bound));
            Assert.Equal("the store refused it", refused.Message);
        }

        Assert.Equal(5, store.Started);
        Assert.Equal(1, store.MaxRunning);
        Assert.Equal(0, limiter.Running("user:1"));
        store.Failure = null;
        Assert.Equal(0L, await pages.CountAsync(QueryOf("1")).WaitAsync(Bound));
    }

    [Fact]
    public async Task A_wait_past_the_query_timeout_fails_with_a_message_naming_the_setting_and_leaves_the_line()
    {
        var clock = new FakeTimeProvider();
        var store = new GateLogStore();
        var limiter = Limiter(1, clock, TimeSpan.FromSeconds(30));
        using var pages = PagesOf("1", store, limiter);
        var running = Task.Run(() => pages.CountAsync(QueryOf("1")));
        await Eventually.Get(() => Task.FromResult(store.Running), n => n == 1);
        var waiting = Task.Run(() => pages.CountAsync(QueryOf("1")));
        await Eventually.Get(() => Task.FromResult(limiter.Waiting("user:1")), n => n == 1);

        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(waiting.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));

        var timedOut = await Assert.ThrowsAsync<SearchSlotTimeoutException>(() => waiting.WaitAsync(Bound));
        Assert.Contains("Query:MaxConcurrentSearchesPerUser", timedOut.Message, StringComparison.Ordinal);
        Assert.Contains("waited 30 s", timedOut.Message, StringComparison.Ordinal);
        Assert.Equal(0, limiter.Waiting("user:1"));
        store.Open();
        await running.WaitAsync(Bound);
        Assert.Equal(0, limiter.Running("user:1"));
    }

    [Fact]
    public async Task Closing_the_circuit_releases_its_waiting_searches()
    {
        var store = new GateLogStore();
        var limiter = Limiter(1);
        var pages = PagesOf("1", store, limiter);
        var running = Task.Run(() => pages.CountAsync(QueryOf("1")));
        await Eventually.Get(() => Task.FromResult(store.Running), n => n == 1);
        var waiting = Task.Run(() => pages.CountAsync(QueryOf("1"))); // as the field sidebar asks, with no token of its own
        await Eventually.Get(() => Task.FromResult(limiter.Waiting("user:1")), n => n == 1);

        pages.Dispose();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Bound));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(Bound)); // the running one is cancelled too
        Assert.Equal(0, limiter.Waiting("user:1"));
        Assert.Equal(0, limiter.Running("user:1"));
    }

    [Fact]
    public async Task The_api_is_refused_while_the_users_pages_hold_every_slot_or_wait_for_one()
    {
        var store = new GateLogStore();
        var limiter = Limiter(1);
        using var pages = PagesOf("1", store, limiter);
        var searches = Enumerable.Range(0, 2).Select(_ => Task.Run(() => pages.CountAsync(QueryOf("1")))).ToList();
        await Eventually.Get(() => Task.FromResult(limiter.Waiting("user:1")), n => n == 1);

        Assert.Null(limiter.TryEnter("user:1"));
        using (var another = limiter.TryEnter("user:2"))
        {
            Assert.NotNull(another);
        }

        store.Open();
        await Task.WhenAll(searches).WaitAsync(Bound);
        using var slot = limiter.TryEnter("user:1");
        Assert.NotNull(slot);
    }

    [Fact]
    public async Task Searches_cancelled_at_random_while_others_finish_never_leak_a_slot()
    {
        var store = new GateLogStore();
        store.Open();
        var limiter = Limiter(2);
        using var pages = PagesOf("1", store, limiter);
        var searches = Enumerable.Range(0, 300).Select(i =>
        {
            var delay = TimeSpan.FromMilliseconds(i % 4);
            var cancelled = i % 3 == 0;
            return Task.Run(async () =>
            {
                using var cancellation = new CancellationTokenSource();
                if (cancelled)
                {
                    cancellation.CancelAfter(delay);
                }

                try
                {
                    await pages.CountAsync(QueryOf("1"), cancellation.Token);
                }
                catch (OperationCanceledException)
                {
                }
            });
        }).ToList();

        await Task.WhenAll(searches).WaitAsync(Bound);

        Assert.InRange(store.MaxRunning, 1, 2);
        Assert.Equal(0, limiter.Running("user:1"));
        Assert.Equal(0, limiter.Waiting("user:1"));
    }

    [Fact]
    public async Task A_circuit_counts_as_its_user_and_a_plain_request_as_its_own_caller()
    {
        var circuit = new ServerAuthenticationStateProvider();
        circuit.SetAuthenticationState(Task.FromResult(new AuthenticationState(User("7"))));
        Assert.Equal("user:7", await new CurrentSearchCaller(circuit, new HttpContextAccessor()).GetAsync());

        var signInOff = new ServerAuthenticationStateProvider();
        signInOff.SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, "0")], NoAuthenticationHandler.SchemeName)))));
        Assert.Equal(SearchCaller.Local, await new CurrentSearchCaller(signInOff, new HttpContextAccessor()).GetAsync());

        // No user set and no request: nobody in particular.
        Assert.Equal("anonymous:local", await new CurrentSearchCaller(new ServerAuthenticationStateProvider(), new HttpContextAccessor()).GetAsync());

        // An API route's scope: Blazor never set a user, so the request's own caller (here an API key) counts.
        var request = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, "3"), new Claim(ConsoleClaimTypes.Kind, ConsoleClaimTypes.ApiKeyKind)], "ApiKey")),
        };
        var accessor = new HttpContextAccessor { HttpContext = request };
        try
        {
            Assert.Equal("apikey:3", await new CurrentSearchCaller(new ServerAuthenticationStateProvider(), accessor).GetAsync());
        }
        finally
        {
            accessor.HttpContext = null; // the accessor is ambient to this flow
        }
    }
}
