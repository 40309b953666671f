using System.Buffers;
using System.Net;
using System.Text.Json.Nodes;
using Console.Ingest.Pipeline;
using Microsoft.Extensions.Logging;

namespace Console.Ingest.Sources.Syslog;

/// <summary>
/// What the TCP and UDP listeners share: turning a received message into a record, counting it, and handing batches to
/// the pipeline with <see cref="BackpressureMode.Wait"/>. A submission is cancelled only by <paramref name="abort"/>
/// (the host giving up on shutdown), never by the stop signal, so messages already read are not lost on a clean stop.
/// </summary>
internal sealed class SyslogIntake(
    string input,
    SyslogReceiverOptions options,
    SyslogMessageParser parser,
    IIngestPipeline pipeline,
    ComponentCounters counters,
    TimeProvider clock,
    ILogger logger,
    CancellationToken abort,
    PostgresqlMultilineJoiner? joiner = null)
{
    public string Input => input;

    public ComponentCounters Counters => counters;

    public DateTimeOffset Now => clock.GetUtcNow();

    public IngestRecord CreateRecord(in ReadOnlySequence<byte> message, string? sender, DateTimeOffset receivedAt)
    {
        var fields = parser.Parse(message, sender, receivedAt);
        if (fields["tags"] is JsonArray)
        {
            counters.AddFailed(1);
        }

        // A program with a known format (nginx, PostgreSQL) also gets its own parser over the message, in the pipeline.
        var program = fields["process"] is JsonObject process && process["name"] is JsonValue name && name.TryGetValue(out string? text) ? text : null;
        return new IngestRecord { Input = input, Fields = fields, Parser = options.ParserFor(program), IndexBase = options.IndexBase };
    }

    /// <summary>
    /// Turns a received message into a record and adds to <paramref name="ready"/> what is ready to submit: the record
    /// itself, or, for PostgreSQL's lines, the messages they complete (the rest waits in the joiner).
    /// </summary>
    public void Take(in ReadOnlySequence<byte> message, string? sender, DateTimeOffset receivedAt, List<IngestRecord> ready)
    {
        var record = CreateRecord(message, sender, receivedAt);
        if (joiner is null)
        {
            ready.Add(record);
        }
        else
        {
            joiner.Add(record, sender, receivedAt, ready);
        }
    }

    /// <summary>Until <paramref name="stopping"/>, submits the PostgreSQL messages whose wait for more lines is over.</summary>
    public async Task SubmitExpiredAsync(CancellationToken stopping)
    {
        if (joiner is null)
        {
            return;
        }

        // A tick a quarter of the wait: a message goes at most 25 % later than its timeout.
        var tick = TimeSpan.FromTicks(Math.Clamp(options.PostgresqlMultiline.Timeout.Ticks / 4, TimeSpan.TicksPerMillisecond * 5, TimeSpan.TicksPerMillisecond * 250));
        using var timer = new PeriodicTimer(tick, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                var ready = new List<IngestRecord>();
                joiner.FlushExpired(clock.GetUtcNow(), ready);
                await SubmitAllAsync(ready);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: the receiver submits what still waits once the listeners are done.
        }
    }

    /// <summary>Submits every PostgreSQL message still waiting for lines (on stop, after the listeners finished).</summary>
    public async Task SubmitPendingAsync()
    {
        if (joiner is null)
        {
            return;
        }

        var ready = new List<IngestRecord>();
        joiner.FlushAll(ready);
        await SubmitAllAsync(ready);
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

    private async Task SubmitAllAsync(List<IngestRecord> records)
    {
        foreach (var batch in records.Chunk(options.BatchSize))
        {
            await SubmitAsync([.. batch]);
        }
    }

    public static string? SenderOf(EndPoint? endPoint) => endPoint is IPEndPoint ip
        ? (ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address).ToString()
        : null;
}
