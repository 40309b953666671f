using Console.Web.Auth;
using Console.Shared.Query;
using Console.Shared.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Console.Web.Apis;

/// <summary>The read routes: search, histogram, fields and top values. Every bad parameter or query is a 400 with the reason.</summary>
public static class SearchApi
{
    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Search").RequireRead();
        api.MapGet("/search", SearchAsync).AddEndpointFilter<SearchLimitsFilter>();
        api.MapGet("/histogram", HistogramAsync).AddEndpointFilter<SearchLimitsFilter>();
        api.MapGet("/fields", FieldsAsync);
        api.MapGet("/fields/{name}/top", TopValuesAsync).AddEndpointFilter<SearchLimitsFilter>();
        return app;
    }

    public static async Task<Results<Ok<SearchResponse>, BadRequest<ApiError>>> SearchAsync(
        ILogStore store, TimeProvider clock, string? index, string? q, string? from, string? to,
        int? size, string? sort, [FromQuery(Name = "search_after")] string? searchAfter, CancellationToken cancellationToken)
    {
        if (!QueryParameters.TryRead(index, q, from, to, clock.GetUtcNow(), out var query, out var error))
        {
            return TypedResults.BadRequest(error);
        }

        SortOrder order;
        switch (sort?.ToLowerInvariant())
        {
            case null or "" or "desc":
                order = SortOrder.Descending;
                break;
            case "asc":
                order = SortOrder.Ascending;
                break;
            default:
                return TypedResults.BadRequest(new ApiError($"sort must be 'desc' or 'asc', not '{sort}'"));
        }

        return await Run(async () =>
        {
            var result = await store.SearchAsync(new SearchRequest(query, size ?? 50, order, searchAfter), cancellationToken);
            var hits = result.Hits.Select(h => new HitResponse(h.Index, h.Id, h.Source, h.Ignored.Count > 0 ? h.Ignored : null)).ToList();
            return new SearchResponse(result.Total, result.TookMs, hits, result.Next);
        });
    }

    public static async Task<Results<Ok<HistogramResponse>, BadRequest<ApiError>>> HistogramAsync(
        ILogStore store, TimeProvider clock, string? index, string? q, string? from, string? to, string? interval,
        CancellationToken cancellationToken)
    {
        if (!QueryParameters.TryRead(index, q, from, to, clock.GetUtcNow(), out var query, out var error))
        {
            return TypedResults.BadRequest(error);
        }

        if (!HistogramIntervals.TryParse(interval, out var span, out var intervalError))
        {
            return TypedResults.BadRequest(new ApiError(intervalError));
        }

        return await Run(async () =>
        {
            var result = await store.HistogramAsync(new HistogramRequest(query, span), cancellationToken);
            return new HistogramResponse(
                Describe(result.Interval),
                (long)result.Interval.TotalMilliseconds,
                result.Total,
                result.Buckets.Select(b => new HistogramBucketResponse(b.Start.UtcDateTime, b.Count)).ToList());
        });
    }

    public static async Task<Results<Ok<FieldsResponse>, BadRequest<ApiError>>> FieldsAsync(
        ILogStore store, string? index, CancellationToken cancellationToken)
    {
        var pattern = string.IsNullOrWhiteSpace(index) ? QueryParameters.DefaultPattern : index;
        return await Run(async () =>
        {
            var fields = await store.GetFieldsAsync(pattern, cancellationToken);
            return new FieldsResponse(fields.Select(f => new FieldResponse(f.Name, f.Type.ToString().ToLowerInvariant())).ToList());
        });
    }

    public static async Task<Results<Ok<TopValuesResponse>, BadRequest<ApiError>>> TopValuesAsync(
        ILogStore store, TimeProvider clock, string name, string? index, string? q, string? from, string? to, int? size,
        CancellationToken cancellationToken)
    {
        if (!QueryParameters.TryRead(index, q, from, to, clock.GetUtcNow(), out var query, out var error))
        {
            return TypedResults.BadRequest(error);
        }

        return await Run(async () =>
        {
            var result = await store.TopValuesAsync(new TopValuesRequest(query, name, size ?? 5), cancellationToken);
            var values = result.Values
                .Select(v => new TopValueResponse(v.Value, v.Count, result.Total == 0 ? 0 : Math.Round(100.0 * v.Count / result.Total, 2)))
                .ToList();
            return new TopValuesResponse(result.Field, result.Total, result.WithField, values, result.OtherCount);
        });
    }

    private static async Task<Results<Ok<T>, BadRequest<ApiError>>> Run<T>(Func<Task<T>> read)
    {
        try
        {
            return TypedResults.Ok(await read());
        }
        catch (QuerySyntaxException ex)
        {
            return TypedResults.BadRequest(ApiError.From(ex));
        }
        catch (StoreRequestException ex) when (ex is not QueryTimeoutException) // a timeout is SearchLimitsFilter's 503
        {
            return TypedResults.BadRequest(new ApiError(ex.Message));
        }
    }

    internal static string Describe(TimeSpan interval) => interval switch
    {
        { TotalDays: >= 1 } when interval.TotalDays % 1 == 0 => $"{interval.TotalDays}d",
        { TotalHours: >= 1 } when interval.TotalHours % 1 == 0 => $"{interval.TotalHours}h",
        { TotalMinutes: >= 1 } when interval.TotalMinutes % 1 == 0 => $"{interval.TotalMinutes}m",
        { TotalSeconds: >= 1 } when interval.TotalSeconds % 1 == 0 => $"{interval.TotalSeconds}s",
        _ => $"{interval.TotalMilliseconds}ms",
    };
}
