using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Console.Web.Apis;
using Console.Web.Tests.Support;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;

namespace Console.Web.Tests.Ingest;

/// <summary>OTLP/HTTP logs at <c>POST /v1/logs</c>, from the OpenTelemetry .NET SDK's own exporter and from hand-made bodies.</summary>
public class OtlpReceiverTests(ReceiverConsole console) : IClassFixture<ReceiverConsole>
{
    [Fact]
    public async Task OpenTelemetry_exporter_from_an_ILogger_over_http_protobuf_is_found_by_query()
    {
        var marker = Guid.NewGuid().ToString("N");
        using var source = new ActivitySource("Console.Web.Tests.Otlp");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        string traceId;
        string spanId;
        using (var loggerFactory = LoggerFactory.Create(logging => logging.AddOpenTelemetry(options =>
               {
                   options.SetResourceBuilder(ResourceBuilder.CreateEmpty()
                       .AddService("otel-shop", serviceVersion: "1.2.3")
                       .AddAttributes([new("deployment.environment", "test")]));
                   options.AddOtlpExporter(exporter =>
                   {
                       exporter.Endpoint = new Uri(console.Url, OtlpApi.Path.TrimStart('/'));
                       exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                   });
               })))
        {
            var logger = loggerFactory.CreateLogger("Shop.Orders");
            using (var activity = source.StartActivity("place-order"))
            {
                traceId = activity!.TraceId.ToHexString();
                spanId = activity.SpanId.ToHexString();
                logger.LogInformation("Order {OrderId} placed for {Customer} ({Marker})", 42, "alice", marker);
            }

            logger.LogError(new InvalidOperationException("payment declined " + marker), "Payment failed for order {OrderId} ({Marker})", 42, marker);
        } // Disposing the factory flushes the batch exporter.

        var hits = await console.SearchAsync($"service:otel-shop AND Marker:{marker}", 2);
        Assert.Equal(2, hits.GetProperty("total").GetInt64());

        var info = (await console.SearchAsync($"Marker:{marker} AND log_level:INFO", 1)).GetProperty("hits")[0].GetProperty("_source");
        // The SDK sends the template as the body and the values as attributes; the receiver renders them, as Seq does.
        Assert.Equal($"Order 42 placed for alice ({marker})", info.GetProperty("message").GetString());
        Assert.Equal("Order {OrderId} placed for {Customer} ({Marker})", info.GetProperty("message_template").GetString());
        Assert.Equal("Shop.Orders", info.GetProperty("logger").GetString());
        Assert.Equal(42, info.GetProperty("OrderId").GetInt32());
        Assert.Equal("alice", info.GetProperty("Customer").GetString());
        Assert.Equal(traceId, info.GetProperty("trace").GetProperty("id").GetString());
        Assert.Equal(spanId, info.GetProperty("span").GetProperty("id").GetString());
        Assert.Equal("1.2.3", info.GetProperty("service.version").GetString());
        Assert.Equal(1, (await console.SearchAsync($"trace.id:{traceId}", 1)).GetProperty("total").GetInt64());
        Assert.Equal(1, (await console.SearchAsync($"deployment.environment:test AND Marker:{marker} AND log_level:INFO", 1)).GetProperty("total").GetInt64());

        var error = (await console.SearchAsync($"Marker:{marker} AND log_level:ERROR", 1)).GetProperty("hits")[0].GetProperty("_source");
        // The .NET SDK sends the exception's short type name, its message and its full ToString() as exception.*.
        Assert.Equal("InvalidOperationException", error.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("payment declined " + marker, error.GetProperty("error").GetProperty("message").GetString());
        Assert.StartsWith("System.InvalidOperationException: payment declined", error.GetProperty("error").GetProperty("stack_trace").GetString(), StringComparison.Ordinal);
        // ERROR is also routed to the errors index, as for every other source.
        Assert.Equal(1, (await console.SearchAsync($"Marker:{marker}", 1, "thebot-errors-*")).GetProperty("total").GetInt64());

        var stats = await console.InputStatsAsync(OtlpApi.Input);
        Assert.True(stats.GetProperty("parsed").GetInt64() >= 2);
        Assert.True(stats.GetProperty("queued").GetInt64() >= 2);
    }

    [Fact]
    public async Task Malformed_protobuf_is_refused_with_400_and_counted_while_valid_requests_around_it_are_indexed()
    {
        var marker = Guid.NewGuid().ToString("N");
        var before = await PostProtobuf(Protobuf.LogsRequest("proto-hand", $"before {marker}", 13, DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal("application/x-protobuf", before.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await before.Content.ReadAsByteArrayAsync()); // full success: an empty ExportLogsServiceResponse

        var valid = Protobuf.LogsRequest("proto-hand", $"cut {marker}", 9, DateTimeOffset.UtcNow);
        var truncated = await PostProtobuf(valid[..^5]);
        Assert.Equal(HttpStatusCode.BadRequest, truncated.StatusCode);
        var status = await truncated.Content.ReadAsByteArrayAsync();
        // google.rpc.Status { code = 3 (INVALID_ARGUMENT), message = "..." }
        Assert.Equal([0x08, 0x03], status[..2]);
        Assert.Contains("malformed protobuf", Encoding.UTF8.GetString(status), StringComparison.Ordinal);

        var garbage = await PostProtobuf([0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        var wrongWireType = await PostProtobuf(Protobuf.VarintField(1, 7));
        Assert.Equal(HttpStatusCode.BadRequest, wrongWireType.StatusCode);

        var after = await PostProtobuf(Protobuf.LogsRequest("proto-hand", $"after {marker}", 17, DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);

        var hits = await console.SearchAsync($"service:proto-hand AND message:{marker}", 2);
        Assert.Equal(2, hits.GetProperty("total").GetInt64());
        Assert.Equal(1, (await console.SearchAsync($"message:before AND message:{marker} AND log_level:WARNING AND logger:hand.written", 1)).GetProperty("total").GetInt64());
        Assert.Equal(1, (await console.SearchAsync($"message:after AND message:{marker} AND log_level:ERROR", 1)).GetProperty("total").GetInt64());

        var stats = await console.InputStatsAsync(OtlpApi.Input);
        Assert.True(stats.GetProperty("rejected").GetInt64() >= 3);
        Assert.Contains(stats.GetProperty("recent_rejections").EnumerateArray(),
            r => r.GetProperty("reason").GetString()!.Contains("malformed protobuf", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Gzip_json_with_an_oversize_record_answers_partial_success_and_indexes_the_rest()
    {
        var marker = Guid.NewGuid().ToString("N");
        var nanos = ((DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var json = """
            {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"otlp-json"}},{"key":"host.name","value":{"stringValue":"web-7"}}]},
              "scopeLogs":[{"scope":{"name":"thebot.payments","version":"2.0"},"logRecords":[
                {"timeUnixNano":"NANOS","severityNumber":17,"severityText":"Error","body":{"stringValue":"json ok MARKER"},
                 "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
                 "attributes":[{"key":"http.status_code","value":{"intValue":"502"}},{"key":"retry","value":{"boolValue":true}},{"key":"ratio","value":{"doubleValue":0.25}},
                               {"key":"labels.list","value":{"arrayValue":{"values":[{"stringValue":"a"},{"stringValue":"b"}]}}}]},
                {"timeUnixNano":"NANOS","severityText":"Information","body":{"stringValue":"BIGBODY"}}
              ]}]}]}
            """.Replace("NANOS", nanos, StringComparison.Ordinal).Replace("MARKER", marker, StringComparison.Ordinal)
            .Replace("BIGBODY", new string('x', ReceiverConsole.OtlpMaxEventBytes + 10), StringComparison.Ordinal);
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(json));
        }

        using var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        using var response = await console.Http.PostAsync(OtlpApi.Path.TrimStart('/'), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var partial = body.GetProperty("partialSuccess");
        Assert.Equal("1", partial.GetProperty("rejectedLogRecords").GetString());
        Assert.Contains("MaxEventBytes", partial.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);

        var hit = (await console.SearchAsync($"message:{marker}", 1)).GetProperty("hits")[0].GetProperty("_source");
        Assert.Equal("otlp-json", hit.GetProperty("service").GetString());
        Assert.Equal("ERROR", hit.GetProperty("log_level").GetString());
        Assert.Equal("web-7", hit.GetProperty("host").GetProperty("name").GetString());
        Assert.Equal("thebot.payments", hit.GetProperty("logger").GetString());
        Assert.Equal("5b8efff798038103d269b633813fc60c", hit.GetProperty("trace").GetProperty("id").GetString());
        Assert.Equal(1, (await console.SearchAsync($"message:{marker} AND http.status_code:502 AND retry:true AND ratio:0.25 AND labels.list:b", 1)).GetProperty("total").GetInt64());

        var stats = await console.InputStatsAsync(OtlpApi.Input);
        Assert.Contains(stats.GetProperty("recent_rejections").EnumerateArray(),
            r => r.GetProperty("reason").GetString()!.Contains("longer than MaxEventBytes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_body_that_is_not_OTLP_is_refused_with_its_reason()
    {
        using var text = new StringContent("hello", Encoding.UTF8, "text/plain");
        using var wrongType = await console.Http.PostAsync(OtlpApi.Path.TrimStart('/'), text);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);

        using var notJson = new StringContent("{\"resourceLogs\": [", Encoding.UTF8, "application/json");
        using var badJson = await console.Http.PostAsync(OtlpApi.Path.TrimStart('/'), notJson);
        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
        var status = await badJson.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, status.GetProperty("code").GetInt32());
        Assert.Contains("invalid JSON", status.GetProperty("message").GetString(), StringComparison.Ordinal);

        using var wrongShape = new StringContent("{\"resourceLogs\": {\"a\": 1}}", Encoding.UTF8, "application/json");
        using var shape = await console.Http.PostAsync(OtlpApi.Path.TrimStart('/'), wrongShape);
        Assert.Equal(HttpStatusCode.BadRequest, shape.StatusCode);
    }

    private async Task<HttpResponseMessage> PostProtobuf(byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        return await console.Http.PostAsync(OtlpApi.Path.TrimStart('/'), content);
    }
}
