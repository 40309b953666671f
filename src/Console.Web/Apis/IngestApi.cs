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
        var submission = new RequestBodySubmission(pipeline, queueOptions.Value.MaxRequestWait, cancellationToken);
        long accepted;
        try
        {
            accepted = await decoder.DecodeAsync(
            context.Request.BodyReader,
            async batch =>
            {
                if (submission.QueueFull)
                {
                    return;
                }

                counters.AddReceived(batch.Count, clock.GetUtcNow());
                await submission.SubmitAsync(batch.Select(fields => new IngestRecord { Input = Input, Fields = fields, IndexBase = indexBase }).ToList());
            },
            rejection =>
            {
                rejections.Add(rejection);
                counters.Reject($"line {rejection.Line}: {rejection.Reason}", clock.GetUtcNow());
            },
            cancellationToken);
        }
        catch (QueueWriteException ex) when (submission.Taken > 0)
        {
            // A long body is queued in parts: say how much of it was taken, so a sender can resend only the rest.
            context.Response.Headers.RetryAfter = QueueWriteFailureFilter.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Json(new ApiError(submission.PartlyTakenWriteFailureReason(ex)), statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (submission.QueueFull)
        {
            context.Response.Headers.RetryAfter = "1";
            return TypedResults.Json(new ApiError(submission.QueueFullReason()), statusCode: StatusCodes.Status429TooManyRequests);
        }

        // The store failing during the wait does not undo the acceptance (the events are durable and will be indexed):
        // answered 200 as Elasticsearch answers a write whose refresh failed, with the reason they are not searchable yet.
        string? notSearchable = null;
        if (refresh is "wait_for" or "true")
        {
            var wait = await indexer.WaitForSearchableAsync(submission.End, cancellationToken);
            notSearchable = wait.Reason;
        }

        var errors = rejections.Take(MaxListedErrors).Select(r => new IngestLineError(r.Line, r.Reason)).ToList();
        return TypedResults.Ok(new IngestResponse(accepted, rejections.Count, errors) { NotSearchable = notSearchable });
    }
}
