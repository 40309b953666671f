using Console.Web.Auth;
using System.Globalization;
using Console.Shared.Query;
using Console.Shared.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Console.Web.Apis;

/// <summary>
/// <c>GET /api/aggregate</c>: a metric over the events of a query, optionally per time bucket (<c>interval</c>) and per
/// value of a field (<c>split</c>), for dashboards and alert rules. Every bad parameter is a 400 with the reason.
/// </summary>
public static class AggregateApi
{
    private static readonly Dictionary<string, MetricKind> Metrics = Enum.GetValues<MetricKind>()
        .ToDictionary(k => k.ToString().ToLowerInvariant(), StringComparer.OrdinalIgnoreCase);

    public static IEndpointRouteBuilder MapAggregateApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api").WithTags("Search").MapGet("/aggregate", AggregateAsync).RequireRead().AddEndpointFilter<SearchLimitsFilter>();
        return app;
    }

    public static async Task<Results<Ok<AggregateResponse>, BadRequest<ApiError>>> AggregateAsync(
        ILogStore store, TimeProvider clock, string? index, string? q, string? from, string? to,
        string? metric, string? field, string? percents, string? interval, string? split, int? size,
        [FromQuery(Name = "split_interval")] double? splitInterval, CancellationToken cancellationToken)
    {
        if (!QueryParameters.TryRead(index, q, from, to, clock.GetUtcNow(), out var query, out var error))
        {
            return TypedResults.BadRequest(error);
        }

        var metricName = string.IsNullOrWhiteSpace(metric) ? "count" : metric.Trim();
        if (!Metrics.TryGetValue(metricName, out var kind))
        {
            return TypedResults.BadRequest(new ApiError($"unknown metric '{metricName}': use {string.Join(", ", Metrics.Keys)}"));
        }

        List<double>? percentList = null;
        if (!string.IsNullOrWhiteSpace(percents))
        {
            percentList = [];
            foreach (var part in percents.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var percent))
                {
                    return TypedResults.BadRequest(new ApiError($"percents: '{part}' is not a number"));
                }

                percentList.Add(percent);
            }
        }

        DateHistogramSplit? histogram = null;
        if (interval is not null)
        {
            if (!HistogramIntervals.TryParse(interval, out var span, out var intervalError))
            {
                return TypedResults.BadRequest(new ApiError(intervalError));
            }

            histogram = new DateHistogramSplit(span);
        }

        var fieldSplit = string.IsNullOrWhiteSpace(split) ? null : new FieldSplit(split.Trim(), size ?? 10, splitInterval);
        if (fieldSplit is null && (size is not null || splitInterval is not null))
        {
            return TypedResults.BadRequest(new ApiError("size and split_interval apply to a split: name its field with split="));
        }

        var request = new AggregationRequest(query, new AggregationMetric(kind, string.IsNullOrWhiteSpace(field) ? null : field.Trim(), percentList), histogram, fieldSplit);
        try
        {
            var result = await store.AggregateAsync(request, cancellationToken);
            return TypedResults.Ok(ToResponse(request, result));
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

    private static AggregateResponse ToResponse(AggregationRequest request, AggregationResult result) => new(
        result.Total,
        request.Metric.Kind.ToString().ToLowerInvariant(),
        request.Metric.Field,
        result.Metric.Value,
        Percentiles(result.Metric),
        Split(result.Split),
        result.Interval is { } interval ? SearchApi.Describe(interval) : null,
        result.Interval is { } span ? (long)span.TotalMilliseconds : null,
        result.Interval is null ? null : result.Buckets.Select(b => new AggregateBucketResponse(b.Start.UtcDateTime, b.Count, b.Metric.Value, Percentiles(b.Metric), Split(b.Split))).ToList());

    private static List<PercentileResponse>? Percentiles(MetricValue metric) =>
        metric.Percentiles.Count == 0 ? null : metric.Percentiles.Select(p => new PercentileResponse(p.Percent, p.Value)).ToList();

    private static SplitResponse? Split(SplitResult? split) => split is null
        ? null
        : new SplitResponse(split.Values.Select(v => new SplitValueResponse(v.Key, v.Count, v.Metric.Value, Percentiles(v.Metric))).ToList(), split.OtherCount, split.MissingCount);
}
