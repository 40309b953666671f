using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Console.Shared.Query.Limits;
using Console.Web.Apis;
using Console.Web.Auth;
using Console.Web.Searching;
using Console.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Console.Web.Tests.Apis.Limits;

/// <summary>
/// Expensive queries over the HTTP API: each is refused (400 naming the setting), held back (429) or cancelled (503)
/// while another caller's ordinary searches are answered.
/// </summary>
public sealed class ExpensiveQueriesApiTests(QueryLimitsConsole console) : IClassFixture<QueryLimitsConsole>
{
    private const string Index = "guarded";
    private const string Range = "from=2026-11-23T00:00:00Z&to=2026-11-24T00:00:00Z";
    private static readonly SemaphoreSlim Seeded = new(1, 1);
    private static bool _seeded;

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
            var start = new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
            var lines = Enumerable.Range(0, 2000).Select(i =>
                $$"""{"@timestamp":"{{start.AddSeconds(i):O}}","service":"svc{{i % 20}}","message":"request {{i}} from user{{i * 31 % 997}} took {{i % 977}} ms"}""");
            using var content = new StringContent(string.Join('\n', lines), Encoding.UTF8, "application/x-ndjson");
            var response = await ingest.PostAsync(new Uri($"/api/ingest?index={Index}&refresh=wait_for", UriKind.Relative), content);
            response.EnsureSuccessStatusCode();
            _seeded = true;
        }
        finally
        {
            Seeded.Release();
        }
    }

    private static Uri Search(string q, string extra = "") =>
        new($"/api/search?index={Index}-*&{Range}&q={Uri.EscapeDataString(q)}{extra}", UriKind.Relative);

    private static async Task<JsonElement> ErrorOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    public static TheoryData<string, string, string> Refusals => new()
    {
        { "the catastrophic regex", "/api/search?index=guarded-*&" + Range + "&q=" + Uri.EscapeDataString("message:/[ab]*a[ab]{18}/"), "Query:MaxDeterminizedStates" },
        { "a regex past the length", "/api/search?index=guarded-*&" + Range + "&q=" + Uri.EscapeDataString("message:/" + new string('a', 1500) + "/"), "Query:MaxRegexLength" },
        { "huge clause counts", "/api/search?index=guarded-*&" + Range + "&q=" + Uri.EscapeDataString(string.Join(" OR ", Enumerable.Range(0, 1500).Select(i => $"service:s{i}"))), "Query:MaxBooleanClauses" },
        { "a leading wildcard on text", "/api/search?index=guarded-*&" + Range + "&q=" + Uri.EscapeDataString("*quest"), "Query:LeadingWildcard" },
        { "a page beyond the window", "/api/search?index=guarded-*&" + Range + "&size=20000", "Query:MaxResultWindow" },
        { "an aggregation with the regex", "/api/aggregate?index=guarded-*&" + Range + "&q=" + Uri.EscapeDataString("message:/[ab]*a[ab]{18}/"), "Query:MaxDeterminizedStates" },
        { "an export past its cap", "/api/export?index=guarded-*&" + Range, "Query:MaxExportSize" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task An_expensive_query_is_refused_with_400_naming_the_setting(string what, string url, string setting)
    {
        await SeedAsync();
        var (client, _) = await console.KeyClientAsync(ApiKeyScopes.Read);

        var response = await client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {response.StatusCode}");
        var error = await ErrorOf(response);
        Assert.Equal(setting, error.GetProperty("setting").GetString());
        Assert.Contains(setting, error.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task While_one_caller_sends_expensive_queries_another_callers_searches_are_answered()
    {
        await SeedAsync();
        var (attacker, _) = await console.KeyClientAsync(ApiKeyScopes.Read);
        var (colleague, _) = await console.KeyClientAsync(ApiKeyScopes.Read);
        var watch = Stopwatch.StartNew();

        // Three rounds of every refusal at once: more than the attacker's two slots, so some are held back with 429.
        var expensive = Enumerable.Range(0, 3).SelectMany(_ => Refusals.Select(r => (string)r[1]))
            .Select(url => attacker.GetAsync(new Uri(url, UriKind.Relative))).ToList();
        // The colleague searches one after another (as a person in Discover does) while the barrage is in flight.
        for (var i = 0; i < 20; i++)
        {
            var response = await colleague.GetAsync(Search($"service:svc{i}", "&size=5"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(100, (await ErrorOf(response)).GetProperty("total").GetInt64()); // 2000 events over 20 services
        }

        var statuses = (await Task.WhenAll(expensive)).Select(r => r.StatusCode).ToList();
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests }));
        Assert.Contains(HttpStatusCode.BadRequest, statuses);
        // Nothing waited for a minute-long regex: everything was refused or answered well within the default timeout.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task A_caller_at_its_concurrent_search_limit_gets_429_with_retry_after_while_another_is_served()
    {
        await SeedAsync();
        var (busy, busyKey) = await console.KeyClientAsync(ApiKeyScopes.Read);
        var (other, _) = await console.KeyClientAsync(ApiKeyScopes.Read);
        var limiter = console.Services.GetRequiredService<SearchConcurrencyLimiter>();
        var caller = $"apikey:{busyKey.Summary.Id}";
        var held = Enumerable.Range(0, QueryLimitsConsole.MaxConcurrent).Select(_ => limiter.TryEnter(caller)).ToList();
        Assert.All(held, Assert.NotNull);

        try
        {
            var refused = await busy.GetAsync(Search("service:svc1"));
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(SearchLimitsFilter.RetryAfterSeconds), refused.Headers.RetryAfter?.Delta);
            var error = await ErrorOf(refused);
            Assert.Equal("Query:MaxConcurrentSearchesPerUser", error.GetProperty("setting").GetString());
            Assert.Contains("at most 2", error.GetProperty("error").GetString(), StringComparison.Ordinal);

            Assert.Equal(HttpStatusCode.OK, (await other.GetAsync(Search("service:svc1"))).StatusCode);
        }
        finally
        {
            held.ForEach(lease => lease!.Dispose());
        }

        Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync(Search("service:svc1"))).StatusCode);
        Assert.Equal(0, limiter.Running(caller));
    }

    [Fact]
    public async Task A_search_past_the_timeout_answers_503_naming_the_setting_and_frees_its_slot()
    {
        await SeedAsync();
        var (client, key) = await console.KeyClientAsync(ApiKeyScopes.Read);
        var limits = console.Services.GetRequiredService<IOptions<QueryLimitsOptions>>().Value;
        const string Expensive = "message:/.*r.*u.*e.*1.*/ OR message:/.*o.*k.*2.*m.*/";
        var before = limits.Timeout;
        try
        {
            // The options object is the one the store reads per search: a timeout no search can meet.
            limits.Timeout = TimeSpan.FromTicks(1);
            var response = await client.GetAsync(Search(Expensive));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var error = await ErrorOf(response);
            Assert.Equal("Query:Timeout", error.GetProperty("setting").GetString());
            Assert.Contains("cancelled", error.GetProperty("error").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            limits.Timeout = before;
        }

        Assert.Equal(0, console.Services.GetRequiredService<SearchConcurrencyLimiter>().Running($"apikey:{key.Summary.Id}"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Search(Expensive))).StatusCode);
    }
}
