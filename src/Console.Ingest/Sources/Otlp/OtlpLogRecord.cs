using System.Text.Json.Nodes;

namespace Console.Ingest.Sources.Otlp;

/// <summary>One OTLP LogRecord as read from protobuf or JSON, with the resource and scope it was sent under.</summary>
public sealed class OtlpLogRecord
{
    public required OtlpScope Resource { get; init; }

    public required OtlpScope Scope { get; init; }

    public ulong TimeUnixNano { get; set; }

    public ulong ObservedTimeUnixNano { get; set; }

    /// <summary>1–24 (TRACE to FATAL4), 0 when unspecified.</summary>
    public int SeverityNumber { get; set; }

    public string? SeverityText { get; set; }

    /// <summary>The body as JSON: a string for the usual text message, an object or array for a structured body.</summary>
    public JsonNode? Body { get; set; }

    public OtlpAttributes Attributes { get; } = [];

    /// <summary>Lower-case hex, or null when absent or all zero.</summary>
    public string? TraceId { get; set; }

    public string? SpanId { get; set; }

    public string? EventName { get; set; }
}
