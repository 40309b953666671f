using System.Text.Json.Nodes;

namespace Console.Ingest.Pipeline;

/// <summary>
/// One event as a source received it, before parsing: <see cref="Fields"/> holds what the source decoded (for a plain
/// text line just <c>{"message": line}</c>, for JSON input the whole object), <see cref="Parser"/> names the parser the
/// pipeline runs on it (null for input that is already structured).
/// </summary>
public sealed class IngestRecord
{
    /// <summary>The name of the source that received it (<c>tcp-json</c>, <c>syslog-udp</c>, <c>file:nginx-access</c>), for stats.</summary>
    public required string Input { get; init; }

    public required JsonObject Fields { get; init; }

    /// <summary>The parser to run (a name in the parser registry, e.g. <c>nginx-access</c>), or null.</summary>
    public string? Parser { get; init; }

    /// <summary>The index family the event goes to; the pipeline picks the daily index from the event's time.</summary>
    public string IndexBase { get; init; } = Shared.Events.IndexNames.DefaultBase;

    /// <summary>A stable id when the source has one (a replayed file offset, an Elasticsearch <c>_id</c>), so resending does not duplicate.</summary>
    public string? Id { get; init; }
}
