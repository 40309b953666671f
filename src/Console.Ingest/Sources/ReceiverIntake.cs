using System.Net;
using Console.Ingest.Pipeline;
using Microsoft.Extensions.Logging;

namespace Console.Ingest.Sources;

/// <summary>
/// What a network receiver's TCP and UDP listeners share: counting refusals and handing batches to the pipeline with
/// <see cref="BackpressureMode.Wait"/>. A submission is cancelled only by <paramref name="abort"/> (the host giving up on
/// shutdown), never by the stop signal, so messages already read are not lost on a clean stop. Subclasses turn one
/// protocol's messages into records.
/// </summary>
internal abstract class ReceiverIntake(
    string input,
    IIngestPipeline pipeline,
    ComponentCounters counters,
    TimeProvider clock,
    ILogger logger,
    CancellationToken abort)
{
    public string Input => input;

    public ComponentCounters Counters => counters;

    public DateTimeOffset Now => clock.GetUtcNow();

    protected TimeProvider Clock => clock;

    /// <summary>The sender's address as events name it (an IPv4 address mapped into IPv6 as plain IPv4), or null.</summary>
    public static string? SenderOf(EndPoint? endPoint) => endPoint is IPEndPoint ip
        ? (ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address).ToString()
        : null;

    public void Reject(string reason, EndPoint? from) => counters.Reject(from is null ? reason : $"{reason} (from {from})", clock.GetUtcNow());

    /// <summary>Hands <paramref name="records"/> to the pipeline; never throws: what it could not hand over is counted as dropped and logged.</summary>
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
}
