using System.Net;
using System.Text.Json;
using Console.Web.Tests.Support;

namespace Console.Web.Tests.Apis;

public class AggregateApiTests : IClassFixture<ConsoleFactory>, IAsyncLifetime
{
    // Six requests over 23:00-23:30: statuses 200, 200, 404, 500, 503 and one without a status; durations 10..60 ms.
    private const string Requests = """
        {"@timestamp": "2026-11-23T23:01:00Z", "message": "GET /a 200", "client.ip": "10.0.0.1", "http.status_code": 200, "duration_ms": 10}
        {"@timestamp": "2026-11-23T23:02:00Z", "message": "GET /a 200", "client.ip": "10.0.0.2", "http.status_code": 200, "duration_ms": 20}
        {"@timestamp": "2026-11-23T23:12:00Z", "message": "GET /b 404", "client.ip": "10.0.0.1", "http.status_code": 404, "duration_ms": 30}
        {"@timestamp": "2026-11-23T23:13:00Z", "message": "GET /c 500", "client.ip": "10.0.0.3", "http.status_code": 500, "duration_ms": 40}
        {"@timestamp": "2026-11-23T23:25:00Z", "message": "POST /d 503", "client.ip": "10.0.0.1", "http.status_code": 503, "duration_ms": 50}
        {"@timestamp": "2026-11-23T23:26:00Z", "message": "upstream gone", "client.ip": "10.0.0.4", "duration_ms": 60}
        """;

    private const string Range = "index=thebot-logs-*&from=2026-11-23T23:00:00Z&to=2026-11-23T23:29:59Z";

    private readonly ConsoleFactory _factory;
    private readonly HttpClient _client;

    public AggregateApiTests(ConsoleFactory factory)
    {
        _factory = factory;
        _client = factory.CreateClient();
    }

    public Task InitializeAsync() => _factory.IngestOnceAsync(_client, Requests);

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<JsonElement> GetJson(string parameters, HttpStatusCode expected = HttpStatusCode.OK) =>
        _client.GetJsonAsync($"/api/aggregate?{Range}&{parameters}", expected);

    [Fact]
    public async Task Count_is_the_default_metric_and_leaves_out_what_was_not_asked()
    {
        var result = await GetJson("q=http.status_code:>=500");
        Assert.Equal(2, result.GetProperty("total").GetInt64());
        Assert.Equal("count", result.GetProperty("metric").GetString());
        Assert.Equal(2, result.GetProperty("value").GetDouble());
        Assert.False(result.TryGetProperty("buckets", out _));
        Assert.False(result.TryGetProperty("split", out _));
        Assert.False(result.TryGetProperty("percentiles", out _));
    }

    [Theory]
    [InlineData("avg", 35.0)]
    [InlineData("sum", 210.0)]
    [InlineData("min", 10.0)]
    [InlineData("max", 60.0)]
    [InlineData("cardinality", 6.0)]
    public async Task Numeric_metrics_of_a_field(string metric, double expected)
    {
        var result = await GetJson($"metric={metric}&field=duration_ms");
        Assert.Equal(expected, result.GetProperty("value").GetDouble(), 9);
    }

    [Fact]
    public async Task Percentiles_per_time_bucket()
    {
        var result = await GetJson("metric=percentiles&field=duration_ms&percents=50,95&interval=10m");
        var overall = result.GetProperty("percentiles").EnumerateArray().Select(p => (p.GetProperty("percent").GetDouble(), p.GetProperty("value").GetDouble())).ToList();
        Assert.Equal([(50.0, 35.0), (95.0, 57.5)], overall);
        Assert.Equal(JsonValueKind.Null, result.GetProperty("value").ValueKind);
        Assert.Equal("10m", result.GetProperty("interval").GetString());
        var buckets = result.GetProperty("buckets").EnumerateArray().ToList();
        Assert.Equal(3, buckets.Count);
        Assert.Equal([15.0, 35.0, 55.0], buckets.Select(b => b.GetProperty("percentiles")[0].GetProperty("value").GetDouble()));
    }

    [Fact]
    public async Task Split_by_status_class_per_bucket_with_the_rest_and_the_missing()
    {
        var result = await GetJson("split=http.status_code&split_interval=100&size=2&interval=10m");
        var split = result.GetProperty("split");
        Assert.Equal(["200", "500"], split.GetProperty("values").EnumerateArray().Select(v => v.GetProperty("key").GetString()));
        Assert.Equal([2L, 2L], split.GetProperty("values").EnumerateArray().Select(v => v.GetProperty("count").GetInt64()));
        Assert.Equal(1, split.GetProperty("other").GetInt64());
        Assert.Equal(1, split.GetProperty("missing").GetInt64());

        var buckets = result.GetProperty("buckets").EnumerateArray().ToList();
        Assert.Equal([2L, 2L, 2L], buckets.Select(b => b.GetProperty("count").GetInt64()));
        var middle = buckets[1].GetProperty("split");
        Assert.Equal([0L, 1L], middle.GetProperty("values").EnumerateArray().Select(v => v.GetProperty("count").GetInt64()));
        Assert.Equal(1, middle.GetProperty("other").GetInt64()); // the 404
        Assert.Equal(1, buckets[2].GetProperty("split").GetProperty("missing").GetInt64());
    }

    [Fact]
    public async Task Failed_requests_per_client_ip_as_an_alert_rule_would_ask()
    {
        var result = await GetJson($"q={Uri.EscapeDataString("http.status_code:>=400")}&split=client.ip&size=5");
        var values = result.GetProperty("split").GetProperty("values").EnumerateArray().ToDictionary(v => v.GetProperty("key").GetString()!, v => v.GetProperty("count").GetInt64());
        Assert.Equal(new Dictionary<string, long> { ["10.0.0.1"] = 2, ["10.0.0.3"] = 1 }, values);
    }

    [Theory]
    [InlineData("metric=median&field=duration_ms", "unknown metric 'median'")]
    [InlineData("metric=avg", "avg needs a field")]
    [InlineData("metric=avg&field=message", "text field")]
    [InlineData("metric=avg&field=client.ip", "needs numbers")]
    [InlineData("metric=percentiles&field=duration_ms&percents=50,x", "'x' is not a number")]
    [InlineData("metric=percentiles&field=duration_ms&percents=150", "not between 0 and 100")]
    [InlineData("interval=5x", "unknown unit")]
    [InlineData("interval=1ms", "buckets")]
    [InlineData("size=5", "apply to a split")]
    [InlineData("split=client.ip&size=0", "split size")]
    [InlineData("split=message", "full-text")]
    [InlineData("q=status:[1 TO", "position")]
    public async Task Bad_aggregate_parameters_are_a_400_with_the_reason(string parameters, string reason)
    {
        var error = await GetJson(parameters, HttpStatusCode.BadRequest);
        Assert.Contains(reason, error.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
