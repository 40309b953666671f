using System.Buffers;
using System.Text.Json.Nodes;
using Console.Ingest.Pipeline;
using Microsoft.Extensions.Logging;

namespace Console.Ingest.Sources.Syslog;

/// <summary>The syslog TCP and UDP listeners' intake: a received message becomes a record, parsed as RFC 3164 or 5424.</summary>
internal sealed class SyslogIntake(
    string input,
    SyslogReceiverOptions options,
    SyslogMessageParser parser,
    IIngestPipeline pipeline,
    ComponentCounters counters,
    TimeProvider clock,
    ILogger logger,
    CancellationToken abort)
    : ReceiverIntake(input, pipeline, counters, clock, logger, abort)
{
    public IngestRecord CreateRecord(in ReadOnlySequence<byte> message, string? sender, DateTimeOffset receivedAt)
    {
        var fields = parser.Parse(message, sender, receivedAt);
        if (fields["tags"] is JsonArray)
        {
            Counters.AddFailed(1);
        }

        // A program with a known format (nginx, PostgreSQL) also gets its own parser over the message, in the pipeline.
        var program = fields["process"] is JsonObject process && process["name"] is JsonValue name && name.TryGetValue(out string? text) ? text : null;
        return new IngestRecord { Input = Input, Fields = fields, Parser = options.ParserFor(program), IndexBase = options.IndexBase };
    }
}
