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
    CancellationToken abort,
    PostgresqlMultilineJoiner? joiner = null)
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
        using var timer = new PeriodicTimer(tick, Clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                var ready = new List<IngestRecord>();
                joiner.FlushExpired(Now, ready);
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

    private async Task SubmitAllAsync(List<IngestRecord> records)
    {
        foreach (var batch in records.Chunk(options.BatchSize))
        {
            await SubmitAsync([.. batch]);
        }
    }
}
