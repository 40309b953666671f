using System.Globalization;
using Console.Shared.Query.Limits;
using Console.Shared.Storage;
using Console.Web.Searching;

namespace Console.Web.Apis;

/// <summary>
/// The guards every search route shares: a caller beyond <see cref="QueryLimitsOptions.MaxConcurrentSearchesPerUser"/>
/// gets 429 with <c>Retry-After</c>, and a search cancelled by <see cref="QueryLimitsOptions.Timeout"/> gets 503 with the
/// reason (a query refused by a limit is the route's own 400).
/// </summary>
public sealed class SearchLimitsFilter(SearchConcurrencyLimiter limiter) : IEndpointFilter
{
    /// <summary>Seconds a refused caller is told to wait: searches of a few seconds free their slot by then.</summary>
    public const int RetryAfterSeconds = 1;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        using var lease = limiter.TryEnter(SearchCaller.Of(http));
        if (lease is null)
        {
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Json(new ApiError(
                $"too many searches at once: at most {limiter.MaxPerCaller} per user or API key; wait for one to finish (setting {QueryLimitsOptions.Setting(nameof(QueryLimitsOptions.MaxConcurrentSearchesPerUser))})",
                Setting: QueryLimitsOptions.Setting(nameof(QueryLimitsOptions.MaxConcurrentSearchesPerUser))), statusCode: StatusCodes.Status429TooManyRequests);
        }

        try
        {
            return await next(context);
        }
        catch (QueryTimeoutException ex) when (!http.Response.HasStarted)
        {
            return TypedResults.Json(new ApiError(ex.Message, Setting: QueryLimitsOptions.Setting(nameof(QueryLimitsOptions.Timeout))),
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
