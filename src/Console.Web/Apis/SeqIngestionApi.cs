using System.IO.Pipelines;
using System.Net.Http.Headers;
using Console.Ingest.Decoding;
using Console.Ingest.Pipeline;
using Console.Ingest.Queue;
using Console.Ingest.Sources.Clef;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Console.Web.Auth;

namespace Console.Web.Apis;

/// <summary>
/// Seq's ingestion API, so Serilog.Sinks.Seq, seqcli and the other Seq clients ship here unchanged:
/// <c>POST /ingest/clef</c> and <c>POST /api/events/raw</c> (CLEF when <c>?clef</c> is given or the body is
/// <c>application/vnd.serilog.clef</c>), newline-delimited compact JSON, gzip allowed, the API key in <c>X-Seq-ApiKey</c>
/// or <c>?apiKey=</c>. Answers as Seq does: 201 with <c>{"MinimumLevelAccepted":null}</c> once the events are durable;
/// 400 with the reasons when lines were bad (the good ones are kept); 401 for a refused key; 429 with Retry-After when
/// the queue is full (nothing taken, or, for a long body whose later parts waited longer than
/// <see cref="WriteAheadLogOptions.MaxRequestWait"/> for room, how many of its first events were taken).
/// </summary>
public static class SeqIngestionApi
{
    public const string Input = "clef-http";
    public const string ApiKeyHeader = "X-Seq-ApiKey";

    /// <summary>At most this many reasons are listed in a 400 answer; the count covers them all.</summary>
    public const int MaxListedErrors = 20;

    /// <summary>Most events handed to the pipeline at once; Serilog.Sinks.Seq sends 1000 a request by default.</summary>
    public const int SubmitBatchSize = 2000;

    private const string ClefType = "application/vnd.serilog.clef";

    public static IEndpointRouteBuilder MapSeqIngestionApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/ingest/clef", IngestAsync).WithTags("Ingest").RequireIngest().RequireIngestRateLimit(Input);
        app.MapPost("/api/events/raw", RawAsync).WithTags("Ingest").RequireIngest().RequireIngestRateLimit(Input);
        return app;
    }

    public static Task<IResult> RawAsync(
        HttpContext context, NdjsonDecoder decoder, IOptions<ClefReceiverOptions> options, ISeqApiKeyValidator keys, IIngestPipeline pipeline,
        IngestStats stats, IOptions<WriteAheadLogOptions> queueOptions, TimeProvider clock, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var media = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType?.ToLowerInvariant() : null;
        if (!request.Query.ContainsKey("clef") && media is "application/json" && options.Value.Enabled)
        {
            stats.Input(Input).Reject("/api/events/raw with application/json: Seq's older {\"Events\": [...]} format is not read", clock.GetUtcNow());
            return Task.FromResult<IResult>(Error(StatusCodes.Status400BadRequest,
                $"Seq's older JSON format ({{\"Events\": [...]}}) is not supported: send CLEF, one event per line, with ?clef or Content-Type {ClefType}"));
        }

        return IngestAsync(context, decoder, options, keys, pipeline, stats, queueOptions, clock, cancellationToken);
    }

    public static async Task<IResult> IngestAsync(
        HttpContext context, NdjsonDecoder decoder, IOptions<ClefReceiverOptions> options, ISeqApiKeyValidator keys, IIngestPipeline pipeline,
        IngestStats stats, IOptions<WriteAheadLogOptions> queueOptions, TimeProvider clock, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return TypedResults.NotFound();
        }

        var counters = stats.Input(Input);
        var request = context.Request;
        var apiKey = request.Headers[ApiKeyHeader].ToString();
        if (string.IsNullOrEmpty(apiKey))
        {
            apiKey = request.Query["apiKey"].ToString();
        }

        var verdict = await keys.CheckAsync(string.IsNullOrEmpty(apiKey) ? null : apiKey, cancellationToken);
        if (verdict != ApiKeyVerdict.Accepted)
        {
            var reason = verdict == ApiKeyVerdict.Missing
                ? $"an API key is required ({ApiKeyHeader} header or ?apiKey=)"
                : "the API key is not valid";
            counters.Reject(reason, clock.GetUtcNow());
            return Error(StatusCodes.Status401Unauthorized, reason);
        }

        var rejections = new List<string>();
        var rejected = 0;
        var eventNumber = 0;
        var received = 0;
        var submission = new RequestBodySubmission(pipeline, queueOptions.Value.MaxRequestWait, cancellationToken);
        void Reject(string reason)
        {
            rejected++;
            counters.Reject(reason, clock.GetUtcNow());
            if (rejections.Count < MaxListedErrors)
            {
                rejections.Add(reason);
            }
        }

        // The decoder hands on what each network read completed, often a few dozen lines; each submission waits for an
        // fsync, so lines are gathered into submissions of up to SubmitBatchSize (a Seq client's whole batch, usually).
        var pending = new List<IngestRecord>();
        async Task SubmitPendingAsync()
        {
            if (pending.Count == 0 || submission.QueueFull)
            {
                return;
            }

            await submission.SubmitAsync(pending);
            pending = [];
        }

        try
        {
            using var body = EncodedRequestBody.Open(request, settings.MaxBodyBytes, out var unsupported);
            if (body is null)
            {
                counters.Reject(unsupported!, clock.GetUtcNow());
                return Error(StatusCodes.Status415UnsupportedMediaType, unsupported!);
            }

            var reader = PipeReader.Create(body);
            try
            {
                await decoder.DecodeAsync(
                    reader,
                    async batch =>
                    {
                        if (submission.QueueFull)
                        {
                            return;
                        }

                        received += batch.Count;
                        counters.AddReceived(batch.Count, clock.GetUtcNow());
                        var records = new List<IngestRecord>(batch.Count);
                        foreach (var line in batch)
                        {
                            eventNumber++;
                            if (ClefEventReader.Read(line, out var reason) is { } fields)
                            {
                                records.Add(new IngestRecord { Input = Input, Fields = fields, IndexBase = settings.IndexBase });
                            }
                            else
                            {
                                Reject($"event {eventNumber}: {reason}");
                            }
                        }

                        counters.AddParsed(records.Count);
                        pending.AddRange(records);
                        if (pending.Count >= SubmitBatchSize)
                        {
                            await SubmitPendingAsync();
                        }
                    },
                    rejection =>
                    {
                        received++;
                        counters.AddReceived(1, clock.GetUtcNow());
                        Reject($"line {rejection.Line}: {rejection.Reason}");
                    },
                    cancellationToken,
                    settings.MaxEventBytes);
                await SubmitPendingAsync();
            }
            finally
            {
                await reader.CompleteAsync();
            }
        }
        catch (Exception ex) when (ex is RequestBodyTooLargeException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            await SubmitPendingAsync();
            var reason = $"the request body is longer than MaxBodyBytes ({settings.MaxBodyBytes}); the events before the limit were kept";
            counters.Reject(reason, clock.GetUtcNow());
            return Error(StatusCodes.Status413PayloadTooLarge, reason);
        }
        catch (QueueWriteException ex) when (submission.Taken > 0)
        {
            // As /api/ingest says it: the first part of the body is durable, so a sender resends only the rest.
            context.Response.Headers.RetryAfter = QueueWriteFailureFilter.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Error(StatusCodes.Status503ServiceUnavailable, submission.PartlyTakenWriteFailureReason(ex));
        }
        catch (InvalidDataException ex)
        {
            var reason = $"the compressed body is corrupt: {ex.Message}";
            counters.Reject(reason, clock.GetUtcNow());
            return Error(StatusCodes.Status400BadRequest, reason);
        }

        if (submission.QueueFull)
        {
            context.Response.Headers.RetryAfter = "1";
            return Error(StatusCodes.Status429TooManyRequests, submission.QueueFullReason());
        }

        if (rejected > 0)
        {
            var listed = string.Join("; ", rejections) + (rejected > rejections.Count ? $"; and {rejected - rejections.Count} more" : string.Empty);
            return Error(StatusCodes.Status400BadRequest,
                $"{rejected} of {received} events were rejected (the others were ingested): {listed}");
        }

        return TypedResults.Json(new Dictionary<string, object?> { ["MinimumLevelAccepted"] = null }, statusCode: StatusCodes.Status201Created);
    }

    // Seq's error body: {"Error": "..."}; a dictionary keeps the name's case whatever the API's naming policy.
    private static JsonHttpResult<Dictionary<string, object?>> Error(int status, string reason) =>
        TypedResults.Json(new Dictionary<string, object?> { ["Error"] = reason }, statusCode: status);
}
