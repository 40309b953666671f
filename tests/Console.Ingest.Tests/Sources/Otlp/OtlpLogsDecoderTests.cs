using System.Text;
using System.Text.Json.Nodes;
using Console.Ingest.Sources.Otlp;
using Console.Web.Tests.Support;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Tests.Sources.Otlp;

public class OtlpLogsDecoderTests
{
    private static readonly DateTimeOffset Time = new(2026, 11, 23, 10, 0, 0, 123, TimeSpan.Zero);

    private readonly OtlpLogsDecoder _decoder = new(Options.Create(new OtlpReceiverOptions { MaxEventBytes = 2048 }));

    [Fact]
    public void Protobuf_record_maps_resource_scope_severity_body_ids_and_attributes()
    {
        var resource = Protobuf.Bytes(1, Protobuf.Message(
            Protobuf.Bytes(1, KeyValue("service.version", Protobuf.String(1, "9.1"))), // before service.name on purpose
            Protobuf.Bytes(1, KeyValue("service.name", Protobuf.String(1, "shop"))),
            Protobuf.Bytes(1, KeyValue("host.name", Protobuf.String(1, "web-1")))));
        var record = Protobuf.Message(
            Protobuf.Fixed64(1, Nanos(Time)),
            Protobuf.Fixed64(11, Nanos(Time.AddSeconds(2))),
            Protobuf.VarintField(2, 14),
            Protobuf.String(3, "Warning"),
            Protobuf.Bytes(5, Protobuf.String(1, "Order {OrderId} failed")),
            Protobuf.Bytes(6, KeyValue("OrderId", Protobuf.VarintField(3, 42))),
            Protobuf.Bytes(6, KeyValue("ratio", Protobuf.Fixed64(4, BitConverter.DoubleToUInt64Bits(0.5)))),
            Protobuf.Bytes(6, KeyValue("ok", Protobuf.VarintField(2, 1))),
            Protobuf.Bytes(6, KeyValue("http.route", Protobuf.String(1, "/api/orders"))),
            Protobuf.Bytes(6, KeyValue("exception.type", Protobuf.String(1, "KeyError"))),
            Protobuf.Bytes(6, KeyValue("list", Protobuf.Bytes(5, Protobuf.Message(Protobuf.Bytes(1, Protobuf.String(1, "a")), Protobuf.Bytes(1, Protobuf.VarintField(3, 2)))))),
            Protobuf.Bytes(6, KeyValue("_id", Protobuf.String(1, "mine"))),
            Protobuf.Bytes(9, Convert.FromHexString("5b8efff798038103d269b633813fc60c")),
            Protobuf.Bytes(10, Convert.FromHexString("eee19b7ec3c1b174")),
            Protobuf.VarintField(99, 1)); // an unknown field is skipped
        var request = Protobuf.Bytes(1, Protobuf.Message(resource,
            Protobuf.Bytes(2, Protobuf.Message(Protobuf.Bytes(1, Protobuf.Message(Protobuf.String(1, "Shop.Orders"), Protobuf.String(2, "1.0"))), Protobuf.Bytes(2, record)))));

        var result = _decoder.Decode(request, OtlpPayloadFormat.Protobuf);

        var e = Assert.Single(result.Events);
        Assert.Empty(result.Rejections);
        Assert.Equal("shop", (string?)e["service"]);
        Assert.Equal("9.1", (string?)e["service.version"]);
        Assert.Equal("web-1", (string?)e["host"]!["name"]);
        Assert.Equal("Shop.Orders", (string?)e["logger"]);
        Assert.Equal("WARNING", (string?)e["log_level"]);
        Assert.Equal("Order 42 failed", (string?)e["message"]);
        Assert.Equal("Order {OrderId} failed", (string?)e["message_template"]);
        Assert.Equal("2026-11-23T10:00:00.123Z", (string?)e["@timestamp"]);
        Assert.Equal("2026-11-23T10:00:02.123Z", (string?)e["event"]!["created"]);
        Assert.Equal(0.5, (double)e["ratio"]!);
        Assert.True((bool)e["ok"]!);
        Assert.Equal("/api/orders", (string?)e["http"]!["route"]);
        Assert.Equal("KeyError", (string?)e["error"]!["type"]);
        Assert.Equal("""["a",2]""", e["list"]!.ToJsonString());
        Assert.Equal("mine", (string?)e["attributes"]!["_id"]);
        Assert.False(e.ContainsKey("_id"));
        Assert.Equal("5b8efff798038103d269b633813fc60c", (string?)e["trace"]!["id"]);
        Assert.Equal("eee19b7ec3c1b174", (string?)e["span"]!["id"]);
    }

    public static TheoryData<string, byte[]> MalformedProtobuf => new()
    {
        { "ends inside a varint", [0x0a, 0x80] },
        { "runs past the end", [0x0a, 0x05, 0x0a, 0x00] },
        { "wire type", Protobuf.VarintField(1, 3) },
        { "malformed protobuf varint", [0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01] },
        { "unsupported protobuf wire type 3", [0x13, 0x0c] },
        { "trace_id has 3 bytes", Protobuf.Bytes(1, Protobuf.Bytes(2, Protobuf.Bytes(2, Protobuf.Bytes(9, [1, 2, 3])))) },
        { "not valid UTF-8", Protobuf.Bytes(1, Protobuf.Bytes(2, Protobuf.Bytes(2, Protobuf.Bytes(3, [0xff, 0xfe])))) },
    };

    [Theory]
    [MemberData(nameof(MalformedProtobuf))]
    public void Malformed_protobuf_throws_with_the_reason(string reason, byte[] body)
    {
        var error = Assert.Throws<OtlpFormatException>(() => _decoder.Decode(body, OtlpPayloadFormat.Protobuf));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_accepts_camel_and_snake_case_enum_names_and_string_integers_and_refuses_oversize_records_one_by_one()
    {
        var json = """
            {"resource_logs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},
              "scopeLogs":[{"logRecords":[
                {"observedTimeUnixNano":NANOS,"severityNumber":"SEVERITY_NUMBER_FATAL2","body":{"kvlistValue":{"values":[{"key":"a","value":{"intValue":"7"}}]}}},
                {"time_unix_nano":"NANOS","severity_text":"warn","body":{"stringValue":"LONG"}},
                {"timeUnixNano":"NANOS","severityNumber":0,"severityText":"Error","body":{"stringValue":"{not a template} {Missing}"}}
              ]}]}]}
            """.Replace("NANOS", Nanos(Time).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("LONG", new string('x', 3000), StringComparison.Ordinal);

        var result = _decoder.Decode(Encoding.UTF8.GetBytes(json), OtlpPayloadFormat.Json);

        Assert.Equal(2, result.Events.Count);
        var first = result.Events[0];
        Assert.Equal("CRITICAL", (string?)first["log_level"]);
        Assert.Equal("2026-11-23T10:00:00.123Z", (string?)first["@timestamp"]);
        Assert.Equal("""{"a":7}""", (string?)first["message"]);
        Assert.Equal("ERROR", (string?)result.Events[1]["log_level"]);
        Assert.Equal("{not a template} {Missing}", (string?)result.Events[1]["message"]);
        Assert.False(result.Events[1].ContainsKey("message_template"));
        var rejection = Assert.Single(result.Rejections);
        Assert.Contains("log record 2", rejection, StringComparison.Ordinal);
        Assert.Contains("MaxEventBytes (2048)", rejection, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[1,2]""", "must be a JSON object")]
    [InlineData("""{"resourceLogs":{"a":1}}""", "'resourceLogs' must be an array")]
    [InlineData("""{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"soon"}]}]}]}""", "'timeUnixNano' must be an unsigned 64-bit integer")]
    [InlineData("""{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"traceId":"xyz"}]}]}]}""", "traceId 'xyz' is not hex")]
    [InlineData("""{"resourceLogs":[""", "invalid JSON")]
    public void Malformed_json_throws_with_the_reason(string json, string reason)
    {
        var error = Assert.Throws<OtlpFormatException>(() => _decoder.Decode(Encoding.UTF8.GetBytes(json), OtlpPayloadFormat.Json));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Responses_are_the_OTLP_messages()
    {
        Assert.Empty(OtlpResponses.Export(0, null, OtlpPayloadFormat.Protobuf));
        Assert.Equal("{}", Encoding.UTF8.GetString(OtlpResponses.Export(0, null, OtlpPayloadFormat.Json)));
        // partial_success (field 1) { rejected_log_records (1) = 2, error_message (2) = "x" }
        Assert.Equal([0x0a, 0x05, 0x08, 0x02, 0x12, 0x01, (byte)'x'], OtlpResponses.Export(2, "x", OtlpPayloadFormat.Protobuf));
        var json = JsonNode.Parse(OtlpResponses.Export(2, "x", OtlpPayloadFormat.Json))!;
        Assert.Equal("2", (string?)json["partialSuccess"]!["rejectedLogRecords"]);
    }

    private static byte[] KeyValue(string key, byte[] anyValue) => Protobuf.Message(Protobuf.String(1, key), Protobuf.Bytes(2, anyValue));

    private static ulong Nanos(DateTimeOffset time) => (ulong)(time - DateTimeOffset.UnixEpoch).Ticks * 100;
}
