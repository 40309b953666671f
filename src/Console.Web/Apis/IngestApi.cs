using Console.Web.Auth;
using System.Text.Json.Nodes;
using Console.Ingest.Decoding;
using Console.Ingest.Indexing;
using Console.Ingest.Pipeline;
using Console.Ingest.Queue;
using Console.Shared.Events;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Console.Web.Apis;

/// <summary>
/// <c>POST /api/ingest?index=NAME</c>: NDJSON, one event per line, through the ingest pipeline into the daily indices of
/// the events' times. Answers once the accepted events are in the durable queue (or searchable, with
/// <c>refresh=wait_for</c>); a full queue is a 429 with Retry-After and nothing taken. A long body is queued in parts:
/// once its first part is taken the rest waits for room, at most <see cref="WriteAheadLogOptions.MaxRequestWait"/>, and
/// then the 429 says how many of its first events were taken.
/// </summary>
public static class IngestApi
{
    public const string Input = "http-ndjson";

    /// <summary>At most this many line errors are listed in an answer; the count covers them all.</summary>
    public const int MaxListedErrors = 1000;

    public static IEndpointRouteBuilder MapIngestApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/ingest", IngestAsync).WithTags("Ingest").RequireIngest().RequireIngestRateLimit(Input);
        return app;
    }

    public static async Task<Results<Ok<IngestResponse>, BadRequest<ApiError>, JsonHttpResult<ApiError>>> IngestAsync(
        HttpContext context, NdjsonDecoder decoder, IIngestPipeline pipeline, QueueIndexer indexer, IngestStats stats,
        IOptions<WriteAheadLogOptions> queueOptions, TimeProvider clock, string? index, string? refresh, CancellationToken cancellationToken)
    {
        var indexBase = string.IsNullOrWhiteSpace(index) ? IndexNames.DefaultBase : index.Trim();
        var indexError = IndexNames.Validate(indexBase);
        if (indexError is not null)
        {
            return TypedResults.BadRequest(new ApiError(indexError));
        }

        if (refresh is not (null or "" or "false" or "wait_for" or "true"))
        {
            return TypedResults.BadRequest(new ApiError($"refresh must be false, true or wait_for, not '{refresh}'"));
        }

        var counters = stats.Input(Input);
        var rejections = new List<LineRejection>();
        var first = true;
        var full = false;
        QueuePosition end = default;
        var queued = 0;
        long accepted;
        try
        {
            accepted = await decoder.DecodeAsync(
            context.Request.BodyReader,
            async batch =>
            {
                if (full)
                {
                    return;
                }

                counters.AddReceived(batch.Count, clock.GetUtcNow());
                var records = batch.Select(fields => new IngestRecord { Input = Input, Fields = fields, IndexBase = indexBase }).ToList();
                // Only the first batch is refused at once (a 429 then means "nothing was taken, send it all again"); once
                // part of a body is taken the rest waits for room, within a bound, and a 429 then says how much was taken.
                var result = first
                    ? await pipeline.SubmitAsync(records, BackpressureMode.Reject, cancellationToken)
                    : await pipeline.SubmitAsync(records, queueOptions.Value.MaxRequestWait, cancellationToken);
                first = false;
                full = result.QueueFull;
                queued += full ? 0 : records.Count;
                end = result.End > end ? result.End : end;
            },
            rejection =>
            {
                rejections.Add(rejection);
                counters.Reject($"line {rejection.Line}: {rejection.Reason}", clock.GetUtcNow());
            },
            cancellationToken);
        }
        catch (QueueWriteException ex) when (queued > 0)
        {
            // A long body is queued in parts: say how much of it was taken, so a sender can resend only the rest.
            context.Response.Headers.RetryAfter = QueueWriteFailureFilter.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Json(new ApiError(PartlyTakenWriteFailureReason(ex, queued)), statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (full)
        {
            context.Response.Headers.RetryAfter = "1";
            return TypedResults.Json(new ApiError(QueueFullReason(queued, queueOptions.Value.MaxRequestWait)), statusCode: StatusCodes.Status429TooManyRequests);
        }

        // The store failing during the wait does not undo the acceptance (the events are durable and will be indexed):
        // answered 200 as Elasticsearch answers a write whose refresh failed, with the reason they are not searchable yet.
        string? notSearchable = null;
        if (refresh is "wait_for" or "true")
        {
            var wait = await indexer.WaitForSearchableAsync(end, cancellationToken);
            notSearchable = wait.Reason;
        }

        var errors = rejections.Take(MaxListedErrors).Select(r => new IngestLineError(r.Line, r.Reason)).ToList();
        return TypedResults.Ok(new IngestResponse(accepted, rejections.Count, errors) { NotSearchable = notSearchable });
    }

    /// <summary>Why a body queued in parts got 503: the queue could not write, after its first <paramref name="taken"/> events were taken.</summary>
    public static string PartlyTakenWriteFailureReason(QueueWriteException failure, long taken) =>
        $"{failure.Message}; the first {taken} events of this request were accepted before the failure, the rest were not; retry the rest later";

    /// <summary>
    /// Why a request got 429 for a full queue: nothing taken, or (its body queued in parts) how many of its first events
    /// were taken before the queue stayed full for <paramref name="waited"/>, so the sender resends only the rest.
    /// </summary>
    public static string QueueFullReason(long taken, TimeSpan waited) => taken == 0
        ? "the ingest queue is full; retry later"
        : string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"the ingest queue stayed full for {waited.TotalSeconds:0.#} s ({WriteAheadLogOptions.Section}:{nameof(WriteAheadLogOptions.MaxRequestWait)}); the first {taken} events of this request were accepted, the rest were not; retry the rest later");
}
