using System.Diagnostics;
using Console.Shared.Query;
using Console.Shared.Query.Limits;
using Console.Shared.Storage;
using Console.Shared.Storage.Embedded;
using Console.Shared.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Console.Shared.Tests.Storage.Limits;

/// <summary>The embedded store applies <see cref="QueryLimitsOptions"/> when it searches: result window, term expansions, timeout.</summary>
public sealed class LuceneLogStoreLimitsTests : IDisposable
{
    private static readonly DateTimeOffset Day = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
    private readonly StoreBuilder _builder = new();

    public void Dispose() => _builder.Dispose();

    private LuceneLogStore Open(QueryLimitsOptions limits) =>
        new(Options.Create(new StorageOptions { DataPath = _builder.Directory.Path }), Options.Create(limits), _builder.Clock, NullLogger<LuceneLogStore>.Instance);

    private static LogQuery Query(string? text) => new("thebot-logs-*", text, Day, Day.AddDays(1));

    private async Task<LuceneLogStore> FilledAsync(QueryLimitsOptions limits, int count)
    {
        var store = Open(limits);
        await _builder.IndexAsync(store, Enumerable.Range(0, count).Select(i =>
            $$"""{"@timestamp":"{{Day.AddMilliseconds(i * 7):O}}","service":"svc{{i % 200}}","message":"request {{i}} from user{{i * 31 % 9973}} took {{i % 977}} ms on worker-{{i % 13}}"}"""));
        return store;
    }

    [Fact]
    public async Task A_page_beyond_the_result_window_is_refused_naming_the_setting()
    {
        using var store = await FilledAsync(new QueryLimitsOptions { MaxResultWindow = 100 }, 10);

        var ex = await Assert.ThrowsAsync<QueryLimitException>(() => store.SearchAsync(new SearchRequest(Query(null), 101)));

        Assert.Equal("Query:MaxResultWindow", ex.Setting);
        Assert.Contains("search_after", ex.Message, StringComparison.Ordinal);
        Assert.Equal(10, (await store.SearchAsync(new SearchRequest(Query(null), 100))).Hits.Count);
    }

    [Fact]
    public async Task A_wildcard_standing_for_more_terms_than_allowed_is_refused_at_search_time()
    {
        using var store = await FilledAsync(new QueryLimitsOptions { MaxTermExpansions = 50 }, 400);

        var ex = await Assert.ThrowsAsync<QueryLimitException>(() => store.CountAsync(Query("service:svc*")));

        Assert.Equal("Query:MaxTermExpansions", ex.Setting);
        Assert.Contains("more than 50 distinct terms", ex.Message, StringComparison.Ordinal);
        Assert.Equal(20, await store.CountAsync(Query("service:svc19?"))); // svc190..svc199, two events each
    }

    [Fact]
    public async Task A_search_longer_than_the_timeout_is_cancelled_and_says_which_setting()
    {
        // How long this query takes here, unbounded; then the same query under a twentieth of that must be cancelled.
        var unbounded = new QueryLimitsOptions { Timeout = TimeSpan.FromMinutes(10) };
        const string Expensive = "message:/.*r.*u.*e.*1.*/ OR message:/.*o.*k.*2.*m.*/";
        long matches;
        var watch = Stopwatch.StartNew();
        using (var store = await FilledAsync(unbounded, 30_000))
        {
            watch.Restart();
            matches = (await store.SearchAsync(new SearchRequest(Query(Expensive), 50))).Total;
            watch.Stop();
        }

        Assert.True(matches > 0);
        var limits = new QueryLimitsOptions { Timeout = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, watch.Elapsed.Ticks / 20)) };
        using var limited = Open(limits);

        var ex = await Assert.ThrowsAsync<QueryTimeoutException>(() => limited.SearchAsync(new SearchRequest(Query(Expensive), 50)));

        Assert.Contains("Query:Timeout", ex.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<OperationCanceledException>(ex.InnerException);
        // Aggregations and counts are cancelled the same way.
        await Assert.ThrowsAsync<QueryTimeoutException>(() => limited.CountAsync(Query(Expensive)));
    }

    [Fact]
    public async Task A_search_the_caller_cancels_is_a_cancellation_not_a_timeout()
    {
        using var store = await FilledAsync(new QueryLimitsOptions(), 100);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.SearchAsync(new SearchRequest(Query("request"), 10), cancelled.Token));

        Assert.IsNotType<QueryTimeoutException>(ex);
    }

    [Fact]
    public async Task Expensive_queries_are_refused_while_ordinary_ones_of_others_still_answer()
    {
        using var store = await FilledAsync(new QueryLimitsOptions { Timeout = TimeSpan.FromSeconds(30) }, 2_000);
        string[] expensive =
        [
            "message:/[ab]*a[ab]{18}/",
            string.Join(" OR ", Enumerable.Range(0, 1500).Select(i => $"service:s{i}")),
            "*quest",
            "message:/" + new string('x', 2000) + "/",
        ];

        var refusals = expensive.Select(q => Task.Run(() => store.SearchAsync(new SearchRequest(Query(q), 10)))).ToList();
        var ordinary = Enumerable.Range(0, 20).Select(i => Task.Run(() => store.SearchAsync(new SearchRequest(Query($"service:svc{i}"), 10)))).ToList();

        foreach (var refusal in refusals)
        {
            var ex = await Assert.ThrowsAsync<QueryLimitException>(() => refusal);
            Assert.StartsWith("Query:", ex.Setting, StringComparison.Ordinal);
        }

        foreach (var (search, i) in ordinary.Select((s, i) => (s, i)))
        {
            Assert.Equal(10, (await search).Total); // 2000 events over 200 services
        }
    }
}
