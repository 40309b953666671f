using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Console.Web.Apis;
using Console.Web.Tests.Support;
using Serilog;

namespace Console.Web.Tests.Ingest;

/// <summary>Seq's CLEF ingestion (<c>/ingest/clef</c>, <c>/api/events/raw</c>), from Serilog.Sinks.Seq and from hand-made bodies.</summary>
public class SeqClefReceiverTests(ReceiverConsole console) : IClassFixture<ReceiverConsole>
{
    [Fact]
    public async Task Serilog_Seq_sink_ships_structured_properties_and_an_exception_that_are_found_by_query()
    {
        var marker = Guid.NewGuid().ToString("N");
        using (var log = new LoggerConfiguration()
                   .MinimumLevel.Debug()
                   .Enrich.WithProperty("Application", "serilog-shop")
                   .WriteTo.Seq(console.Url.ToString(), apiKey: ReceiverConsole.ClefApiKey)
                   .CreateLogger())
        {
            var orders = log.ForContext("SourceContext", "Shop.Orders");
            orders.Information("Order {OrderId} placed by {@Customer} in {Elapsed:0.00} ms ({Marker})",
                42, new { Name = "alice", Tier = "gold" }, 12.3456, marker);
            orders.Warning("Stock low for {Sku,-8}|{Count} ({Marker})", "AB-1", 3, marker);
            orders.Error(new InvalidOperationException("card declined " + marker), "Payment failed for order {OrderId} ({Marker})", 42, marker);
        } // Disposing the logger flushes the sink's batch.

        Assert.Equal(3, (await console.SearchAsync($"Marker:{marker}", 3)).GetProperty("total").GetInt64());

        var info = (await console.SearchAsync($"Marker:{marker} AND log_level:INFO", 1)).GetProperty("hits")[0].GetProperty("_source");
        Assert.Equal($"Order 42 placed by {{ Name: \"alice\", Tier: \"gold\" }} in 12.35 ms ({marker})", info.GetProperty("message").GetString());
        Assert.Equal("Order {OrderId} placed by {@Customer} in {Elapsed:0.00} ms ({Marker})", info.GetProperty("message_template").GetString());
        Assert.Equal("Shop.Orders", info.GetProperty("logger").GetString());
        Assert.Equal("serilog-shop", info.GetProperty("service").GetString());
        Assert.Equal("alice", info.GetProperty("Customer").GetProperty("Name").GetString());
        Assert.Equal(12.3456, info.GetProperty("Elapsed").GetDouble(), 4);
        Assert.Equal(1, (await console.SearchAsync($"Marker:{marker} AND Customer.Tier:gold AND OrderId:42", 1)).GetProperty("total").GetInt64());

        var warning = (await console.SearchAsync($"Marker:{marker} AND log_level:WARNING", 1)).GetProperty("hits")[0].GetProperty("_source");
        Assert.Equal($"Stock low for AB-1    |3 ({marker})", warning.GetProperty("message").GetString());

        var error = (await console.SearchAsync($"Marker:{marker} AND log_level:ERROR", 1)).GetProperty("hits")[0].GetProperty("_source");
        Assert.Equal($"Payment failed for order 42 ({marker})", error.GetProperty("message").GetString());
        Assert.Equal("System.InvalidOperationException", error.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("card declined " + marker, error.GetProperty("error").GetProperty("stack_trace").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, (await console.SearchAsync($"Marker:{marker}", 1, "thebot-errors-*")).GetProperty("total").GetInt64());

        var stats = await console.InputStatsAsync(SeqIngestionApi.Input);
        Assert.True(stats.GetProperty("parsed").GetInt64() >= 3);
    }

    [Fact]
    public async Task Bad_lines_are_answered_400_with_their_reasons_while_the_good_lines_are_kept()
    {
        var marker = Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow.ToString("O");
        var body = string.Join('\n',
            $$"""{"@t":"{{now}}","@mt":"First {Marker} at {Count,5:000}","Marker":"{{marker}}","Count":7,"@r":["007"]}""",
            "{not json",
            $$"""{"@mt":"no time","Marker":"{{marker}}"}""",
            $$"""{"@t":"yesterday-ish","@m":"bad time","Marker":"{{marker}}"}""",
            $$"""{"@t":"{{now}}","@m":"{{new string('y', ReceiverConsole.ClefMaxEventBytes)}}","Marker":"{{marker}}"}""",
            $$"""{"@t":"{{now}}","@m":"Second {{marker}}","@l":"Fatal","@i":"a1b2c3d4","@@odd":"escaped","Marker":"{{marker}}"}""",
            "");

        using var response = await Post("ingest/clef", body, ReceiverConsole.ClefApiKey);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("Error").GetString()!;
        Assert.Contains("4 of 6 events were rejected", error, StringComparison.Ordinal);
        Assert.Contains("invalid JSON", error, StringComparison.Ordinal);
        Assert.Contains("@t (the event's time) is required", error, StringComparison.Ordinal);
        Assert.Contains("'yesterday-ish' is not an ISO 8601 time", error, StringComparison.Ordinal);
        Assert.Contains($"event is larger than {ReceiverConsole.ClefMaxEventBytes} bytes", error, StringComparison.Ordinal);

        var hits = await console.SearchAsync($"Marker:{marker}", 2);
        Assert.Equal(2, hits.GetProperty("total").GetInt64());
        var first = (await console.SearchAsync($"Marker:{marker} AND message:First", 1)).GetProperty("hits")[0].GetProperty("_source");
        Assert.Equal($"First {marker} at   007", first.GetProperty("message").GetString());
        Assert.Equal("INFO", first.GetProperty("log_level").GetString()); // @l absent means Information
        var second = (await console.SearchAsync($"Marker:{marker} AND message:Second", 1)).GetProperty("hits")[0].GetProperty("_source");
        Assert.Equal("CRITICAL", second.GetProperty("log_level").GetString());
        Assert.Equal("a1b2c3d4", second.GetProperty("event_id").GetString());
        Assert.Equal("escaped", second.GetProperty("@odd").GetString());

        var stats = await console.InputStatsAsync(SeqIngestionApi.Input);
        Assert.True(stats.GetProperty("rejected").GetInt64() >= 4);
    }

    [Fact]
    public async Task Raw_route_takes_gzip_clef_and_answers_as_Seq_does()
    {
        var marker = Guid.NewGuid().ToString("N");
        var line = $$"""{"@t":"{{DateTimeOffset.UtcNow:O}}","@mt":"Raw {Marker}","Marker":"{{marker}}","@l":"Debug"}""";
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));
        }

        using var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/events/raw?clef") { Content = content };
        request.Headers.Add(SeqIngestionApi.ApiKeyHeader, ReceiverConsole.ClefApiKey);
        using var response = await console.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("""{"MinimumLevelAccepted":null}""", await response.Content.ReadAsStringAsync());
        var hit = (await console.SearchAsync($"Marker:{marker}", 1)).GetProperty("hits")[0].GetProperty("_source");
        Assert.Equal($"Raw {marker}", hit.GetProperty("message").GetString());
        Assert.Equal("DEBUG", hit.GetProperty("log_level").GetString());

        // Without ?clef a JSON body is Seq's older {"Events": [...]} format, which is refused with the way out.
        using var legacy = new StringContent("""{"Events":[]}""", Encoding.UTF8, "application/json");
        using var legacyRequest = new HttpRequestMessage(HttpMethod.Post, "api/events/raw") { Content = legacy };
        legacyRequest.Headers.Add(SeqIngestionApi.ApiKeyHeader, ReceiverConsole.ClefApiKey);
        using var legacyResponse = await console.Http.SendAsync(legacyRequest);
        Assert.Equal(HttpStatusCode.BadRequest, legacyResponse.StatusCode);
        Assert.Contains("CLEF", (await legacyResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("Error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_or_wrong_api_key_is_refused_with_401_and_nothing_is_kept()
    {
        var marker = Guid.NewGuid().ToString("N");
        var line = $$"""{"@t":"{{DateTimeOffset.UtcNow:O}}","@m":"keyless {{marker}}","Marker":"{{marker}}"}""";

        using var missing = await Post("ingest/clef", line, apiKey: null);
        using var wrong = await Post("ingest/clef", line, apiKey: "not-the-key");
        using var query = await Post($"ingest/clef?apiKey={ReceiverConsole.ClefApiKey}", line, apiKey: null);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Contains("API key is required", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("Error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Created, query.StatusCode);
        // Only the request with the key (in ?apiKey=) was taken.
        await console.SearchAsync($"Marker:{marker}", 1);
        Assert.Equal(1, (await console.SearchAsync($"Marker:{marker}", 1)).GetProperty("total").GetInt64());
    }

    private async Task<HttpResponseMessage> Post(string path, string body, string? apiKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/vnd.serilog.clef"),
        };
        if (apiKey is not null)
        {
            request.Headers.Add(SeqIngestionApi.ApiKeyHeader, apiKey);
        }

        return await console.Http.SendAsync(request);
    }
}
