using Console.Ingest.Queue;

namespace Console.Web.Apis;

/// <summary>
/// Answers an ingest request whose events the durable queue could not write (a full disk) with 503, Retry-After and the
/// reason, instead of a bare 500: shippers retry a 503, and nothing refused was acknowledged. The pipeline has counted
/// the refusal under the input and the queue has logged it.
/// </summary>
public sealed class QueueWriteFailureFilter : IEndpointFilter
{
    /// <summary>Seconds a sender is asked to wait: long enough for an operator to free space, short enough to catch up soon.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(context);
        }
        catch (QueueWriteException ex)
        {
            context.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Json(new ApiError($"{ex.Message}; the events were not accepted, retry later"), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
