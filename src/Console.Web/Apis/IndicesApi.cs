using Console.Web.Auth;
using Console.Shared.Events;
using Console.Shared.Storage;
using Console.Shared.Storage.Lifecycle;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Console.Web.Apis;

/// <summary>A concrete index as <c>GET /api/indices</c> lists it: <c>phase</c> is <c>hot</c>, <c>warm</c>, <c>cold</c> or <c>unmanaged</c>; <c>policy</c> the retention policy's pattern.</summary>
public sealed record IndexResponse(string Name, long DocCount, long SizeBytes, DateOnly? Day)
{
    public string Phase { get; init; } = "unmanaged";

    public string? Policy { get; init; }

    /// <summary>Days since the start of the index's day (UTC), with one decimal; null for an index without a day.</summary>
    public double? AgeDays { get; init; }

    public bool ReadOnly { get; init; }

    public int? Segments { get; init; }

    public string? Health { get; init; }

    public static IndexResponse From(IndexStatus s) => new(s.Name, s.DocCount, s.SizeBytes, s.Day)
    {
        Phase = PhaseWord(s.Phase),
        Policy = s.Policy,
        AgeDays = s.Age is { } age ? Math.Round(age.TotalDays, 1) : null,
        ReadOnly = s.ReadOnly,
        Segments = s.Segments,
        Health = s.Health,
    };

    public static string PhaseWord(IndexPhase phase) => phase.ToString().ToLowerInvariant();
}

/// <summary>Listing, merging and deleting concrete indices (like <c>_cat/indices</c>, <c>_forcemerge</c> and <c>DELETE /{index}</c>).</summary>
public static class IndicesApi
{
    public static IEndpointRouteBuilder MapIndicesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/indices").WithTags("Indices").RequireReadOrWrite(ConsolePolicies.Read, ConsolePolicies.Admin);
        api.MapGet("/", ListAsync);
        api.MapPost("/{name}/forcemerge", ForceMergeAsync);
        api.MapDelete("/{name}", DeleteAsync);
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<IndexResponse>>, BadRequest<ApiError>>> ListAsync(
        IIndexAdministration indices, string? index, CancellationToken cancellationToken)
    {
        var pattern = string.IsNullOrWhiteSpace(index) ? "*" : index;
        var error = IndexNames.ValidatePattern(pattern);
        if (error is not null)
        {
            return TypedResults.BadRequest(new ApiError(error));
        }

        var list = await indices.ListIndexStatusAsync(pattern, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<IndexResponse>>(list.Select(IndexResponse.From).ToList());
    }

    /// <summary>Merges one index down to <c>max_num_segments</c> (default 1) and answers when it is done.</summary>
    public static async Task<Results<Ok<ForceMergeResponse>, NotFound<ApiError>, BadRequest<ApiError>>> ForceMergeAsync(
        IIndexAdministration indices, string name, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "max_num_segments")] string? maxNumSegments, CancellationToken cancellationToken)
    {
        if (IndexNames.Validate(name) is { } error)
        {
            return TypedResults.BadRequest(new ApiError(error));
        }

        var segments = 1;
        if (maxNumSegments is not null && (!int.TryParse(maxNumSegments, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out segments)
                                             || segments is < 1 or > RetentionPolicies.MaxSegments))
        {
            return TypedResults.BadRequest(new ApiError($"max_num_segments must be a whole number from 1 to {RetentionPolicies.MaxSegments}"));
        }

        return await indices.ForceMergeAsync(name, segments, cancellationToken)
            ? TypedResults.Ok(new ForceMergeResponse(name, segments))
            : TypedResults.NotFound(new ApiError($"no index named '{name}'"));
    }

    public static async Task<Results<NoContent, NotFound<ApiError>, BadRequest<ApiError>>> DeleteAsync(
        ILogStore store, string name, CancellationToken cancellationToken)
    {
        var error = IndexNames.Validate(name);
        if (error is not null)
        {
            return TypedResults.BadRequest(new ApiError(error));
        }

        return await store.DeleteIndexAsync(name, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.NotFound(new ApiError($"no index named '{name}'"));
    }
}
