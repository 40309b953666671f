using System.Net;
using Console.Ingest.Pipeline;
using Microsoft.Extensions.Logging;

namespace Console.Ingest.Sources.Gelf;

/// <summary>The GELF TCP and UDP listeners' intake: a whole message becomes a record, or its rejection is counted.</summary>
internal sealed class GelfIntake(
    string input,
    GelfReceiverOptions options,
    IIngestPipeline pipeline,
    ComponentCounters counters,
    TimeProvider clock,
    ILogger logger,
    CancellationToken abort)
    : ReceiverIntake(input, pipeline, counters, clock, logger, abort)
{
    /// <summary>The record for one whole message, or null when it was refused (counted with its reason).</summary>
    public IngestRecord? CreateRecord(ReadOnlySpan<byte> payload, EndPoint? from)
    {
        var fields = GelfMessageReader.Read(payload, options.MaxMessageBytes, SenderOf(from), out var rejection);
        if (fields is null)
        {
            Reject(rejection ?? "unreadable message", from);
            return null;
        }

        Counters.AddParsed(1);
        return new IngestRecord { Input = Input, Fields = fields, IndexBase = options.IndexBase };
    }
}
