using System.Net.Http.Headers;
using Console.Ingest.Pipeline;
using Console.Ingest.Sources.Otlp;
using Microsoft.Extensions.Options;
using Console.Web.Auth;

namespace Console.Web.Apis;

/// <summary>
/// <c>POST /v1/logs</c>: OpenTelemetry logs over OTLP/HTTP, protobuf (<c>application/x-protobuf</c>) or JSON
/// (<c>application/json</c>), optionally gzip-compressed, as every OpenTelemetry SDK and the Collector's otlphttp exporter
/// send them. Answers only once the events are in the durable queue: 200 with an <c>ExportLogsServiceResponse</c>
/// (<c>partial_success</c> counting records refused one by one), 400 with a <c>google.rpc.Status</c> for a malformed
/// body (not retried by exporters), 429 with Retry-After when the queue is full (retried), 413/415 for a body too large
/// or in an encoding we do not read.
/// </summary>
public static class OtlpApi
{
    public const string Input = "otlp-http";
    public const string Path = "/v1/logs";

    private const string ProtobufType = "application/x-protobuf";
    private const string JsonType = "application/json";

    public static IEndpointRouteBuilder MapOtlpApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, ExportAsync).WithTags("Ingest").RequireIngest().RequireIngestRateLimit(Input);
        return app;
    }

    public static async Task<IResult> ExportAsync(
        HttpContext context, OtlpLogsDecoder decoder, IOptions<OtlpReceiverOptions> options, IIngestPipeline pipeline, IngestStats stats,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return TypedResults.NotFound();
        }

        var counters = stats.Input(Input);
        if (!TryFormat(context.Request.ContentType, out var format))
        {
            return Refuse(counters, clock, StatusCodes.Status415UnsupportedMediaType, OtlpResponses.InvalidArgument,
                $"Content-Type '{context.Request.ContentType}' is not OTLP; send {ProtobufType} or {JsonType}", OtlpPayloadFormat.Json);
        }

        byte[] body;
        try
        {
            using var decoded = EncodedRequestBody.Open(context.Request, settings.MaxBodyBytes, out var unsupported);
            if (decoded is null)
            {
                return Refuse(counters, clock, StatusCodes.Status415UnsupportedMediaType, OtlpResponses.InvalidArgument, unsupported!, format);
            }

            body = await EncodedRequestBody.ReadAllAsync(decoded, cancellationToken);
        }
        catch (Exception ex) when (ex is RequestBodyTooLargeException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            return Refuse(counters, clock, StatusCodes.Status413PayloadTooLarge, OtlpResponses.ResourceExhausted,
                $"the request body is longer than MaxBodyBytes ({settings.MaxBodyBytes})", format);
        }
        catch (InvalidDataException ex)
        {
            return Refuse(counters, clock, StatusCodes.Status400BadRequest, OtlpResponses.InvalidArgument, $"the compressed body is corrupt: {ex.Message}", format);
        }

        OtlpDecodeResult decodedRequest;
        try
        {
            decodedRequest = decoder.Decode(body, format);
        }
        catch (OtlpFormatException ex)
        {
            return Refuse(counters, clock, StatusCodes.Status400BadRequest, OtlpResponses.InvalidArgument,
                $"malformed {(format == OtlpPayloadFormat.Protobuf ? "protobuf" : "JSON")} ExportLogsServiceRequest: {ex.Message}", format);
        }

        var now = clock.GetUtcNow();
        var events = decodedRequest.Events;
        counters.AddReceived(events.Count + decodedRequest.Rejections.Count, now);
        counters.AddParsed(events.Count);
        foreach (var rejection in decodedRequest.Rejections)
        {
            counters.Reject(rejection, now);
        }

        if (events.Count > 0)
        {
            var records = events.Select(fields => new IngestRecord { Input = Input, Fields = fields, IndexBase = settings.IndexBase }).ToList();
            SubmitResult result;
            try
            {
                result = await pipeline.SubmitAsync(records, BackpressureMode.Reject, cancellationToken);
            }
            catch (Console.Ingest.Queue.QueueWriteException ex)
            {
                // OTLP exporters retry a 503 after Retry-After; nothing of this request was taken.
                return new OtlpHttpResult(StatusCodes.Status503ServiceUnavailable,
                    OtlpResponses.Status(OtlpResponses.Unavailable, $"{ex.Message}; retry later", format), ContentTypeOf(format),
                    retryAfterSeconds: QueueWriteFailureFilter.RetryAfterSeconds);
            }

            if (result.QueueFull)
            {
                // Nothing was taken; OTLP exporters retry a 429 after Retry-After.
                return new OtlpHttpResult(StatusCodes.Status429TooManyRequests,
                    OtlpResponses.Status(OtlpResponses.ResourceExhausted, "the ingest queue is full; retry later", format), ContentTypeOf(format), retryAfterSeconds: 1);
            }
        }

        var rejected = decodedRequest.Rejections;
        var message = rejected.Count == 0 ? null : string.Join("; ", rejected.Take(5)) + (rejected.Count > 5 ? $"; and {rejected.Count - 5} more" : string.Empty);
        return new OtlpHttpResult(StatusCodes.Status200OK, OtlpResponses.Export(rejected.Count, message, format), ContentTypeOf(format));
    }

    private static OtlpHttpResult Refuse(ComponentCounters counters, TimeProvider clock, int status, int code, string reason, OtlpPayloadFormat format)
    {
        counters.Reject(reason, clock.GetUtcNow());
        return new OtlpHttpResult(status, OtlpResponses.Status(code, reason, format), ContentTypeOf(format));
    }

    private static bool TryFormat(string? contentType, out OtlpPayloadFormat format)
    {
        format = OtlpPayloadFormat.Protobuf;
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }

        switch (media.MediaType?.ToLowerInvariant())
        {
            case ProtobufType or "application/protobuf":
                return true;
            case JsonType:
                format = OtlpPayloadFormat.Json;
                return true;
            default:
                return false;
        }
    }

    private static string ContentTypeOf(OtlpPayloadFormat format) => format == OtlpPayloadFormat.Protobuf ? ProtobufType : JsonType;
}
