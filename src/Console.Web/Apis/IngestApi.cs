using Console.Ingest.Decoding;
using Console.Shared.Events;
using Console.Shared.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Console.Web.Apis;

/// <summary><c>POST /api/ingest?index=NAME</c>: NDJSON, one event per line, into the daily indices of the events' times.</summary>
public static class IngestApi
{
    /// <summary>At most this many line errors are listed in an answer; the count covers them all.</summary>
    public const int MaxListedErrors = 1000;

    public static IEndpointRouteBuilder MapIngestApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/ingest", IngestAsync).WithTags("Ingest");
        return app;
    }

    public static async Task<Results<Ok<IngestResponse>, BadRequest<ApiError>>> IngestAsync(
        HttpRequest request, NdjsonDecoder decoder, ILogStore store, ILoggerFactory loggers, string? index, CancellationToken cancellationToken)
    {
        var indexBase = string.IsNullOrWhiteSpace(index) ? IndexNames.DefaultBase : index.Trim();
        var indexError = IndexNames.Validate(indexBase);
        if (indexError is not null)
        {
            return TypedResults.BadRequest(new ApiError(indexError));
        }

        var (accepted, rejections) = await decoder.DecodeAsync(
            request.BodyReader, indexBase, batch => store.IndexAsync(batch, cancellationToken), cancellationToken);

        // Answer only once the events are committed: an acknowledged event survives a crash.
        await store.FlushAsync(cancellationToken);

        if (rejections.Count > 0)
        {
            loggers.CreateLogger(typeof(IngestApi)).LogWarning(
                "Rejected {Rejected} of {Lines} NDJSON lines for {Index}; first: line {Line}: {Reason}",
                rejections.Count, accepted + rejections.Count, indexBase, rejections[0].Line, rejections[0].Reason);
        }

        var errors = rejections.Take(MaxListedErrors).Select(r => new IngestLineError(r.Line, r.Reason)).ToList();
        return TypedResults.Ok(new IngestResponse(accepted, rejections.Count, errors));
    }
}
