using Console.Shared.Query.Limits;
using Console.Shared.Storage;
using Console.Shared.Storage.Elasticsearch;
using Console.Shared.Tests.Support;

namespace Console.Shared.Tests.Storage.Elasticsearch;

/// <summary>The Elasticsearch store applies the same <see cref="QueryLimitsOptions"/>: refusals before anything is sent, the timeout passed on.</summary>
public sealed class ElasticsearchQueryLimitsTests : IAsyncLifetime
{
    private const string Search = "/thebot-logs-*/_search";
    private static readonly DateTimeOffset From = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private readonly FixedClock _clock = new(new DateTimeOffset(2026, 11, 23, 10, 5, 0, TimeSpan.Zero));
    private FakeElasticsearchConnection _es = null!;

    public async Task InitializeAsync()
    {
        _es = await FakeElasticsearchConnection.StartAsync();
        _es.Fake.On("GET", "/thebot-logs-*/_field_caps", FakeReply.Recorded("field-caps.json"));
    }

    public async Task DisposeAsync() => await _es.DisposeAsync();

    private ElasticsearchLogStore Store(QueryLimitsOptions limits) => _es.Store(clock: _clock, limits: limits);

    private static LogQuery Query(string? text) => new("thebot-logs-*", text, From, From.AddMinutes(5));

    [Fact]
    public async Task The_timeout_is_sent_with_the_search()
    {
        _es.Fake.On("POST", Search, FakeReply.Ok("""{"took":3,"timed_out":false,"hits":{"total":{"value":7,"relation":"eq"},"hits":[]}}"""));
        using var store = Store(new QueryLimitsOptions { Timeout = TimeSpan.FromSeconds(12) });

        var result = await store.SearchAsync(new SearchRequest(Query("log_level:ERROR"), 0));

        Assert.Equal(7, result.Total);
        var body = _es.Fake.Requests.Single(r => r.Path == Search).Json;
        Assert.Equal("12000ms", (string?)body["timeout"]);
    }

    [Fact]
    public async Task A_search_elasticsearch_timed_out_is_refused_not_shown_partial()
    {
        _es.Fake.On("POST", Search, FakeReply.Ok("""{"took":2001,"timed_out":true,"hits":{"total":{"value":3,"relation":"eq"},"hits":[]}}"""));
        using var store = Store(new QueryLimitsOptions { Timeout = TimeSpan.FromSeconds(2) });

        var ex = await Assert.ThrowsAsync<QueryTimeoutException>(() => store.SearchAsync(new SearchRequest(Query("log_level:ERROR"), 0)));

        Assert.Contains("Query:Timeout", ex.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(2), ex.Timeout);
    }

    [Theory]
    [InlineData("message:/[ab]*a[ab]{18}/", "Query:MaxDeterminizedStates")]
    [InlineData("*error", "Query:LeadingWildcard")]
    public async Task A_query_beyond_a_limit_is_refused_before_anything_is_sent(string text, string setting)
    {
        using var store = Store(new QueryLimitsOptions());

        var ex = await Assert.ThrowsAsync<QueryLimitException>(() => store.SearchAsync(new SearchRequest(Query(text), 10)));

        Assert.Equal(setting, ex.Setting);
        Assert.DoesNotContain(_es.Fake.Requests, r => r.Path.EndsWith("/_search", StringComparison.Ordinal) || r.Path.EndsWith("/_pit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_page_beyond_the_result_window_is_refused_before_anything_is_sent()
    {
        using var store = Store(new QueryLimitsOptions { MaxResultWindow = 500 });

        var ex = await Assert.ThrowsAsync<QueryLimitException>(() => store.SearchAsync(new SearchRequest(Query(null), 501)));

        Assert.Equal("Query:MaxResultWindow", ex.Setting);
        Assert.Empty(_es.Fake.Requests);
    }
}
