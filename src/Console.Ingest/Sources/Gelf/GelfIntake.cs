using System.Net;
using Console.Ingest.Pipeline;
using Microsoft.Extensions.Logging;

namespace Console.Ingest.Sources.Gelf;

/// <summary>
/// What the GELF TCP and UDP listeners share: reading a message into a record (or counting its rejection) and handing
/// batches to the pipeline with <see cref="BackpressureMode.Wait"/>. Submissions are cancelled only by
/// <paramref name="abort"/> (the host giving up on shutdown), so messages already read survive a clean stop.
/// </summary>
internal sealed class GelfIntake(
    string input,
    GelfReceiverOptions options,
    IIngestPipeline pipeline,
    ComponentCounters counters,
    TimeProvider clock,
    ILogger logger,
    CancellationToken abort)
{
    public ComponentCounters Counters => counters;

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The record for one whole message, or null when it was refused (counted with its reason).</summary>
    public IngestRecord? CreateRecord(ReadOnlySpan<byte> payload, EndPoint? from)
    {
        var fields = GelfMessageReader.Read(payload, options.MaxMessageBytes, SenderOf(from), out var rejection);
        if (fields is null)
        {
            Reject(rejection ?? "unreadable message", from);
            return null;
        }

        counters.AddParsed(1);
        return new IngestRecord { Input = input, Fields = fields, IndexBase = options.IndexBase };
    }

    public void Reject(string reason, EndPoint? from) => counters.Reject(from is null ? reason : $"{reason} (from {from})", clock.GetUtcNow());

    public async Task SubmitAsync(List<IngestRecord> records)
    {
        if (records.Count == 0)
        {
            return;
        }

        try
        {
            var result = await pipeline.SubmitAsync(records, BackpressureMode.Wait, abort);
            if (result.QueueFull)
            {
                counters.AddDropped(records.Count);
                logger.LogWarning("The ingest queue refused {Count} {Input} records although the receiver waits for room", records.Count, input);
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            counters.AddDropped(records.Count);
            logger.LogWarning("Shutdown did not wait for {Count} {Input} records still waiting for the ingest queue", records.Count, input);
        }
        catch (Exception ex)
        {
            // A failing pipeline must not take the listener down; the records are counted as dropped.
            counters.AddDropped(records.Count);
            logger.LogError(ex, "The ingest pipeline failed {Count} {Input} records", records.Count, input);
        }
    }

    private static string? SenderOf(EndPoint? endPoint) => endPoint is IPEndPoint ip
        ? (ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address).ToString()
        : null;
}
