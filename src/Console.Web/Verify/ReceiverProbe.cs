using System.Globalization;
using System.Text.Json.Nodes;

namespace Console.Web.Verify;

/// <summary>
/// One probe event for one receiver: a unique marker in its message, and the payload in the shape that receiver takes
/// (an NDJSON line, a <c>_bulk</c> body, a JSON line or datagram, an RFC 5424 or RFC 3164 syslog message, an OTLP/JSON
/// export, a CLEF line, a GELF message).
/// </summary>
internal sealed class ReceiverProbe(string input, DateTimeOffset now)
{
    public const string Service = "console-verify";
    public const string IndexBase = "thebot-logs";

    // PRI 14: facility user (1), severity informational (6).
    private const int Priority = 1 * 8 + 6;

    /// <summary>The receiver's input name, as <c>/api/ingest/stats</c> lists it (<c>tcp-json</c>, <c>syslog-udp</c>, ...).</summary>
    public string Input { get; } = input;

    /// <summary>A GUID without dashes: one token for the standard analyzer, so a phrase query on it matches this probe alone.</summary>
    public string Marker { get; } = Guid.NewGuid().ToString("N");

    public string Message => $"console verify probe through {Input} {Marker}";

    /// <summary>The query that finds this probe and nothing else.</summary>
    public string Query => $"message:\"{Marker}\"";

    /// <summary>When the probe was handed over (a <see cref="System.Diagnostics.Stopwatch"/> timestamp), or null while not sent.</summary>
    public long? SentAt { get; set; }

    /// <summary>The event as a JSON object on one line, in python-logstash-async's shape.</summary>
    public string JsonLine() => new JsonObject
    {
        ["@timestamp"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ["level"] = "INFO",
        ["logger_name"] = "console.verify",
        ["service"] = Service,
        ["message"] = Message,
    }.ToJsonString();

    /// <summary>An Elasticsearch <c>_bulk</c> body: the action line, then the document.</summary>
    public string BulkBody() => new JsonObject { ["index"] = new JsonObject { ["_index"] = IndexBase } }.ToJsonString() + "\n" + JsonLine() + "\n";

    /// <summary>RFC 5424 with an LF at the end, the framing rsyslog's omfwd uses over TCP by default.</summary>
    public string Syslog5424Line() => string.Create(CultureInfo.InvariantCulture,
        $"<{Priority}>1 {now.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} {HostName()} {Service} {Environment.ProcessId} verify - {Message}\n");

    /// <summary>RFC 3164 as rsyslog and <c>logger</c> send it over UDP; the time is UTC, as the receiver reads it.</summary>
    public string Syslog3164Message()
    {
        var utc = now.UtcDateTime;
        // BSD syslog pads a one-digit day with a space: "Nov  5".
        return string.Create(CultureInfo.InvariantCulture,
            $"<{Priority}>{utc.ToString("MMM", CultureInfo.InvariantCulture)} {utc.Day,2} {utc:HH:mm:ss} {HostName()} {Service}[{Environment.ProcessId}]: {Message}");
    }

    /// <summary>An OTLP/JSON <c>ExportLogsServiceRequest</c> with this one record, as an OpenTelemetry SDK sends it to <c>/v1/logs</c>.</summary>
    public string OtlpJson()
    {
        var nanos = ((now - DateTimeOffset.UnixEpoch).Ticks * 100).ToString(CultureInfo.InvariantCulture);
        static JsonObject Attribute(string key, string value) => new() { ["key"] = key, ["value"] = new JsonObject { ["stringValue"] = value } };
        return new JsonObject
        {
            ["resourceLogs"] = new JsonArray(new JsonObject
            {
                ["resource"] = new JsonObject { ["attributes"] = new JsonArray(Attribute("service.name", Service), Attribute("host.name", HostName())) },
                ["scopeLogs"] = new JsonArray(new JsonObject
                {
                    ["scope"] = new JsonObject { ["name"] = "console.verify" },
                    ["logRecords"] = new JsonArray(new JsonObject
                    {
                        ["timeUnixNano"] = nanos,
                        ["severityNumber"] = 9,
                        ["severityText"] = "Information",
                        ["body"] = new JsonObject { ["stringValue"] = Message },
                    }),
                }),
            }),
        }.ToJsonString();
    }

    /// <summary>One CLEF line, as Serilog.Sinks.Seq posts it.</summary>
    public string ClefLine() => new JsonObject
    {
        ["@t"] = now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        ["@m"] = Message,
        ["SourceContext"] = "console.verify",
        ["Application"] = Service,
    }.ToJsonString();

    /// <summary>A GELF 1.1 message, as Docker's gelf log driver sends it (uncompressed here).</summary>
    public string GelfMessage() => new JsonObject
    {
        ["version"] = "1.1",
        ["host"] = HostName(),
        ["short_message"] = Message,
        ["timestamp"] = Math.Round((now - DateTimeOffset.UnixEpoch).TotalSeconds, 3),
        ["level"] = 6,
        ["_service"] = Service,
        ["_logger"] = "console.verify",
    }.ToJsonString();

    private static string HostName()
    {
        var name = Environment.MachineName;
        return string.IsNullOrWhiteSpace(name) || name.Any(char.IsWhiteSpace) ? "localhost" : name;
    }
}
