using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Console.Shared.Storage;
using Console.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Console.Web.Tests.Apis;

public class ApiTests : IClassFixture<ConsoleFactory>, IAsyncLifetime
{
    private const string Corpus = """
        {"asctime": "2026-11-23 23:14:44,037", "levelname": "INFO", "name": "thebot.http", "message": "GET /api/lessons/ 200", "duration_ms": 63.2, "status": 200, "request_id": "abc-123", "user_id": "123"}
        {"asctime": "2026-11-23 23:30:00,000", "levelname": "ERROR", "name": "django.request", "message": "Internal Server Error: /api/boom/", "status_code": 500, "request_id": "abc-123", "user_id": "123", "service": "django-backend"}
        {"@timestamp": "2026-11-23T23:50:00Z", "level": "critical", "logger_name": "thebot.payments", "message": "ERROR: gateway unreachable", "response_time": 450, "service": "django-backend", "user_id": "7"}
        {"@timestamp": "2026-11-22T10:00:00Z", "level": "warning", "message": "yesterday", "service": "celery-worker"}
        """;

    private readonly ConsoleFactory _factory;
    private readonly HttpClient _client;

    public ApiTests(ConsoleFactory factory)
    {
        _factory = factory;
        _client = factory.CreateClient();
    }

    public Task InitializeAsync() => _factory.IngestOnceAsync(_client, Corpus);

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<JsonElement> GetJson(string url, HttpStatusCode expected = HttpStatusCode.OK) => _client.GetJsonAsync(url, expected);

    private Task<JsonElement> Search(string q, string extra = "from=*") =>
        GetJson($"/api/search?index=thebot-logs-*&q={Uri.EscapeDataString(q)}&{extra}");

    [Theory]
    [InlineData("message: \"error\"", 2)]
    [InlineData("log_level: ERROR", 1)]
    [InlineData("log_level:critical", 1)]
    [InlineData("service: django-backend", 2)]
    [InlineData("user_id: 123", 2)]
    [InlineData("request_id: \"abc-123\"", 2)]
    [InlineData("response_time: [100 TO 500]", 1)]
    [InlineData("duration_ms: [50 TO 70]", 1)]
    [InlineData("message: /^ERROR: .*/", 1)]
    [InlineData("(log_level: ERROR OR log_level: CRITICAL) AND service: django-backend", 2)]
    [InlineData("_exists_:status_code", 1)]
    [InlineData("NOT service:django-backend", 2)]
    [InlineData("logger:thebot.*", 2)]
    [InlineData("yesterday", 1)]
    public async Task Search_answers_the_seed_queries(string q, int total)
    {
        var result = await Search(q);
        Assert.Equal(total, result.GetProperty("total").GetInt64());
        Assert.Equal(total, result.GetProperty("hits").GetArrayLength());
        Assert.True(result.GetProperty("took_ms").GetInt64() >= 0);
    }

    [Fact]
    public async Task Search_defaults_to_the_last_fifteen_minutes_and_takes_date_math()
    {
        // The clock stands at 2026-11-24T00:00Z: only the 23:50 event is within 15 minutes.
        Assert.Equal(1, (await GetJson("/api/search")).GetProperty("total").GetInt64());
        Assert.Equal(3, (await Search("*", "from=now-1d/d&to=now")).GetProperty("total").GetInt64());
        Assert.Equal(1, (await Search("@timestamp: [now-1h TO now] AND log_level:critical", "from=*")).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Hits_have_elasticsearch_shape_and_pages_chain_with_next()
    {
        var first = await Search("*", "from=*&size=2");
        var hits = first.GetProperty("hits");
        Assert.Equal(2, hits.GetArrayLength());
        Assert.Equal("thebot-logs-2026.11.23", hits[0].GetProperty("_index").GetString());
        Assert.False(string.IsNullOrEmpty(hits[0].GetProperty("_id").GetString()));
        Assert.Equal("ERROR: gateway unreachable", hits[0].GetProperty("_source").GetProperty("message").GetString());
        Assert.Equal("CRITICAL", hits[0].GetProperty("_source").GetProperty("log_level").GetString());

        var next = first.GetProperty("next").GetString();
        var second = await Search("*", $"from=*&size=2&search_after={next}");
        var secondHits = second.GetProperty("hits");
        Assert.Equal(2, secondHits.GetArrayLength());
        Assert.Equal("yesterday", secondHits[1].GetProperty("_source").GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
    }

    [Theory]
    [InlineData("q=log_level:(ERROR", "unexpected end of query", 16)]
    [InlineData("q=message:\"open", "unterminated quote", 8)]
    [InlineData("q=duration_ms:fast", "not a number", 12)]
    [InlineData("q=*&from=yesterday", "from:", null)]
    [InlineData("q=*&from=now&to=now-1h", "before", null)]
    [InlineData("q=*&sort=sideways", "sort must be", null)]
    [InlineData("q=*&size=20000", "beyond the result window", null)]
    [InlineData("q=*&search_after=garbage", "search_after", null)]
    [InlineData("index=THEBOT&q=*", "index pattern", null)]
    public async Task Bad_search_parameters_are_a_400_with_the_reason(string query, string reason, int? position)
    {
        var error = await GetJson("/api/search?" + query.Replace("\"", "%22", StringComparison.Ordinal), HttpStatusCode.BadRequest);
        Assert.Contains(reason, error.GetProperty("error").GetString(), StringComparison.Ordinal);
        if (position is not null)
        {
            Assert.Equal(position, error.GetProperty("position").GetInt32());
        }
    }

    [Fact]
    public async Task Histogram_counts_per_interval_with_empty_buckets()
    {
        var result = await GetJson("/api/histogram?index=thebot-logs-*&from=2026-11-23T23:00:00Z&to=2026-11-24T00:00:00Z&interval=10m");
        Assert.Equal("10m", result.GetProperty("interval").GetString());
        Assert.Equal(600_000, result.GetProperty("interval_ms").GetInt64());
        var buckets = result.GetProperty("buckets").EnumerateArray().ToList();
        Assert.Equal(7, buckets.Count);
        Assert.Equal(new DateTime(2026, 11, 23, 23, 10, 0, DateTimeKind.Utc), buckets[1].GetProperty("t").GetDateTime().ToUniversalTime());
        Assert.Equal([0L, 1L, 0L, 1L, 0L, 1L, 0L], buckets.Select(b => b.GetProperty("count").GetInt64()));
        Assert.Equal(3, result.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Histogram_picks_an_interval_by_itself()
    {
        var result = await GetJson("/api/histogram?from=now-24h&to=now&interval=auto");
        Assert.Equal("30m", result.GetProperty("interval").GetString());
        Assert.Equal(3, result.GetProperty("total").GetInt64());
    }

    [Theory]
    [InlineData("interval=5x", "unknown unit")]
    [InlineData("interval=1ms&from=now-30d", "buckets")]
    [InlineData("q=status:[1 TO", "position")]
    public async Task Bad_histogram_parameters_are_a_400(string query, string reason)
    {
        var error = await GetJson("/api/histogram?" + query, HttpStatusCode.BadRequest);
        Assert.Contains(reason, error.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fields_lists_names_and_types()
    {
        var result = await GetJson("/api/fields?index=thebot-logs-*");
        var fields = result.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("type").GetString());
        Assert.Equal("date", fields["@timestamp"]);
        Assert.Equal("text", fields["message"]);
        Assert.Equal("keyword", fields["log_level"]);
        Assert.Equal("double", fields["duration_ms"]);
        Assert.Equal("long", fields["status_code"]);
        Assert.Equal("double", fields["response_time"]);
    }

    [Fact]
    public async Task Top_values_are_exact_counts_with_percentages()
    {
        var result = await GetJson("/api/fields/service/top?index=thebot-logs-*&from=*&size=5");
        Assert.Equal(4, result.GetProperty("total").GetInt64());
        Assert.Equal(3, result.GetProperty("with_field").GetInt64());
        var values = result.GetProperty("values").EnumerateArray().ToList();
        Assert.Equal("django-backend", values[0].GetProperty("value").GetString());
        Assert.Equal(2, values[0].GetProperty("count").GetInt64());
        Assert.Equal(50.0, values[0].GetProperty("percent").GetDouble());
        Assert.Equal("celery-worker", values[1].GetProperty("value").GetString());

        var narrowed = await GetJson("/api/fields/service/top?from=*&q=" + Uri.EscapeDataString("log_level:critical"));
        Assert.Equal(1, narrowed.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Top_values_of_message_is_a_400() =>
        Assert.Contains("full-text", (await GetJson("/api/fields/message/top?from=*", HttpStatusCode.BadRequest)).GetProperty("error").GetString(), StringComparison.Ordinal);

    [Fact]
    public async Task Ingest_keeps_good_lines_and_reports_bad_ones_by_line()
    {
        var body = """
            {"@timestamp":"2026-11-20T08:00:00Z","message":"ingest-good-1"}
            {"@timestamp":"2026-11-20T08:00:01Z","message":
            not json at all
            {"@timestamp":"2026-11-20T08:00:02Z","message":"ingest-good-2"}
            """ + "\n{\"message\":\"" + new string('z', 5000) + "\"}\n";

        var response = await _client.PostAsync("/api/ingest?index=thebot-audit&refresh=wait_for", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, result.GetProperty("accepted").GetInt64());
        Assert.Equal(3, result.GetProperty("rejected").GetInt64());
        var errors = result.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal([2L, 3L, 5L], errors.Select(e => e.GetProperty("line").GetInt64()));
        Assert.Contains("larger than 4096 bytes", errors[2].GetProperty("reason").GetString(), StringComparison.Ordinal);

        await _factory.Services.GetRequiredService<ILogStore>().RefreshAsync();
        Assert.Equal(2, (await GetJson("/api/search?index=thebot-audit-*&from=*&q=ingest")).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Ingested_events_become_searchable_within_a_second_without_an_explicit_refresh()
    {
        var response = await _client.PostAsync("/api/ingest?index=thebot-nrt", new StringContent("{\"@timestamp\":\"2026-11-21T00:00:00Z\",\"message\":\"nrt\"}", Encoding.UTF8));
        response.EnsureSuccessStatusCode();
        var deadline = DateTime.UtcNow.AddSeconds(1);
        long total;
        do
        {
            total = (await GetJson("/api/search?index=thebot-nrt-*&from=*&q=nrt")).GetProperty("total").GetInt64();
        }
        while (total == 0 && DateTime.UtcNow < deadline);

        Assert.Equal(1, total);
    }

    [Theory]
    [InlineData("Thebot-Logs")]
    [InlineData("_bad")]
    [InlineData("a%2Fb")]
    public async Task Ingest_into_an_invalid_index_is_a_400(string index)
    {
        var response = await _client.PostAsync($"/api/ingest?index={index}", new StringContent("{\"message\":\"x\"}", Encoding.UTF8));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("index name", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Indices_are_listed_and_deleted()
    {
        var response = await _client.PostAsync("/api/ingest?index=scratch&refresh=wait_for", new StringContent("{\"@timestamp\":\"2026-11-01T00:00:00Z\",\"message\":\"x\"}", Encoding.UTF8));
        response.EnsureSuccessStatusCode();

        var listed = await GetJson("/api/indices?index=scratch-*");
        var index = Assert.Single(listed.EnumerateArray());
        Assert.Equal("scratch-2026.11.01", index.GetProperty("name").GetString());
        Assert.Equal(1, index.GetProperty("doc_count").GetInt64());
        Assert.True(index.GetProperty("size_bytes").GetInt64() > 0);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync("/api/indices/scratch-2026.11.01")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.DeleteAsync("/api/indices/scratch-2026.11.01")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.DeleteAsync("/api/indices/BAD")).StatusCode);
        Assert.Empty((await GetJson("/api/indices?index=scratch-*")).EnumerateArray());
    }

    [Fact]
    public async Task Liveness_and_the_console_page_answer()
    {
        Assert.Equal("ok", (await GetJson("/healthz")).GetProperty("status").GetString());
        var page = await _client.GetStringAsync(new Uri("/indices", UriKind.Relative));
        Assert.Contains("Indices", page, StringComparison.Ordinal);
        Assert.Contains("_framework/blazor.web.js", page, StringComparison.Ordinal);
    }
}
