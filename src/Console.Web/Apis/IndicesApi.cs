using Console.Web.Auth;
using Console.Shared.Events;
using Console.Shared.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Console.Web.Apis;

public sealed record IndexResponse(string Name, long DocCount, long SizeBytes, DateOnly? Day);

/// <summary>Listing and deleting concrete indices (like <c>_cat/indices</c> and <c>DELETE /{index}</c>).</summary>
public static class IndicesApi
{
    public static IEndpointRouteBuilder MapIndicesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/indices").WithTags("Indices").RequireReadOrWrite(ConsolePolicies.Read, ConsolePolicies.Admin);
        api.MapGet("/", ListAsync);
        api.MapDelete("/{name}", DeleteAsync);
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<IndexResponse>>, BadRequest<ApiError>>> ListAsync(
        ILogStore store, string? index, CancellationToken cancellationToken)
    {
        var pattern = string.IsNullOrWhiteSpace(index) ? "*" : index;
        var error = IndexNames.ValidatePattern(pattern);
        if (error is not null)
        {
            return TypedResults.BadRequest(new ApiError(error));
        }

        var indices = await store.ListIndicesAsync(pattern, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<IndexResponse>>(indices.Select(i => new IndexResponse(i.Name, i.DocCount, i.SizeBytes, i.Day)).ToList());
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
