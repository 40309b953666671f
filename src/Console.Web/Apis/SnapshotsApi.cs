using Console.Shared.Events;
using Console.Shared.Storage;
using Console.Shared.Storage.Snapshots;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Console.Web.Auth;

namespace Console.Web.Apis;

/// <summary>Snapshots of indices (like Elasticsearch's <c>_snapshot</c>): take, list, restore into the running console, delete.</summary>
public static class SnapshotsApi
{
    public static IEndpointRouteBuilder MapSnapshotsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/snapshots").WithTags("Snapshots").RequireAdmin();
        api.MapGet("/", ListAsync);
        api.MapGet("/{name}", GetAsync);
        api.MapPost("/", CreateAsync);
        api.MapPost("/{name}/restore", RestoreAsync);
        api.MapGet("/{name}/restore", GetRestoreAsync);
        api.MapDelete("/{name}", DeleteAsync);
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<SnapshotResponse>>, JsonHttpResult<ApiError>>> ListAsync(ISnapshotRepository snapshots, CancellationToken cancellationToken)
    {
        try
        {
            var list = await snapshots.ListAsync(cancellationToken);
            return TypedResults.Ok<IReadOnlyList<SnapshotResponse>>(list.Select(SnapshotResponse.From).ToList());
        }
        catch (Exception ex) when (ex is StoreRequestException or HttpRequestException)
        {
            return Unavailable(ex);
        }
    }

    public static async Task<Results<Ok<SnapshotResponse>, NotFound<ApiError>, JsonHttpResult<ApiError>>> GetAsync(
        ISnapshotRepository snapshots, string name, CancellationToken cancellationToken)
    {
        try
        {
            var snapshot = await snapshots.GetAsync(name, cancellationToken);
            return snapshot is null ? TypedResults.NotFound(new ApiError($"no snapshot named '{name}'")) : TypedResults.Ok(SnapshotResponse.From(snapshot));
        }
        catch (Exception ex) when (ex is StoreRequestException or HttpRequestException)
        {
            return Unavailable(ex);
        }
    }

    /// <summary>Starts a snapshot and answers 202 at once; <c>GET /api/snapshots/{name}</c> shows its progress.</summary>
    public static async Task<Results<Accepted<SnapshotResponse>, BadRequest<ApiError>, JsonHttpResult<ApiError>>> CreateAsync(
        HttpRequest request, ISnapshotRepository snapshots, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync<SnapshotInput>(request, json.Value, "snapshot", cancellationToken);
        if (error is not null)
        {
            return TypedResults.BadRequest(error);
        }

        if (SnapshotNames.Validate(body!.Name) is { } nameError)
        {
            return TypedResults.BadRequest(new ApiError(nameError));
        }

        if (body.Indices is not { Count: > 0 } indices || indices.Any(string.IsNullOrWhiteSpace))
        {
            return TypedResults.BadRequest(new ApiError("indices must list at least one index name or pattern"));
        }

        var pattern = string.Join(',', indices.Select(i => i.Trim()));
        if (IndexNames.ValidatePattern(pattern) is { } patternError)
        {
            return TypedResults.BadRequest(new ApiError(patternError));
        }

        try
        {
            var started = await snapshots.StartAsync(body.Name!, pattern, cancellationToken);
            return TypedResults.Accepted($"/api/snapshots/{started.Name}", SnapshotResponse.From(started));
        }
        catch (StoreRequestException ex)
        {
            return TypedResults.BadRequest(new ApiError(ex.Message));
        }
        catch (HttpRequestException ex)
        {
            return Unavailable(ex);
        }
    }

    /// <summary>Restores into the running console; the restored indices are searchable when it answers.</summary>
    public static async Task<Results<Ok<RestoreResponse>, BadRequest<ApiError>, NotFound<ApiError>, JsonHttpResult<ApiError>>> RestoreAsync(
        HttpRequest request, ISnapshotRepository snapshots, IOptions<JsonOptions> json, string name, CancellationToken cancellationToken)
    {
        var input = new RestoreInput(null, null, null);
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var (body, error) = await JsonBody.ReadAsync<RestoreInput>(request, json.Value, "restore request", cancellationToken);
            if (error is not null)
            {
                return TypedResults.BadRequest(error);
            }

            input = body!;
        }

        if (input.RenameReplacement is not null && string.IsNullOrEmpty(input.RenamePattern))
        {
            return TypedResults.BadRequest(new ApiError("rename_replacement needs a rename_pattern"));
        }

        try
        {
            if (await snapshots.GetAsync(name, cancellationToken) is null)
            {
                return TypedResults.NotFound(new ApiError($"no snapshot named '{name}'"));
            }

            var result = await snapshots.RestoreAsync(name, new RestoreRequest(input.Indices, input.RenamePattern, input.RenameReplacement), cancellationToken);
            return TypedResults.Ok(new RestoreResponse(name, result.Indices, result.Files, result.Bytes));
        }
        catch (StoreRequestException ex)
        {
            return TypedResults.BadRequest(new ApiError(ex.Message));
        }
        catch (HttpRequestException ex)
        {
            return Unavailable(ex);
        }
    }

    /// <summary>The newest restore from the snapshot since the console started, running or finished, with its progress.</summary>
    public static async Task<Results<Ok<RestoreProgressResponse>, NotFound<ApiError>, JsonHttpResult<ApiError>>> GetRestoreAsync(
        ISnapshotRepository snapshots, string name, CancellationToken cancellationToken)
    {
        try
        {
            var restore = await snapshots.GetRestoreAsync(name, cancellationToken);
            return restore is null
                ? TypedResults.NotFound(new ApiError($"no restore from snapshot '{name}' since the console started"))
                : TypedResults.Ok(RestoreProgressResponse.From(restore));
        }
        catch (Exception ex) when (ex is StoreRequestException or HttpRequestException)
        {
            return Unavailable(ex);
        }
    }

    public static async Task<Results<NoContent, NotFound<ApiError>, BadRequest<ApiError>, JsonHttpResult<ApiError>>> DeleteAsync(
        ISnapshotRepository snapshots, string name, CancellationToken cancellationToken)
    {
        if (SnapshotNames.Validate(name) is { } nameError)
        {
            return TypedResults.BadRequest(new ApiError(nameError));
        }

        try
        {
            return await snapshots.DeleteAsync(name, cancellationToken)
                ? TypedResults.NoContent()
                : TypedResults.NotFound(new ApiError($"no snapshot named '{name}'"));
        }
        catch (StoreRequestException ex)
        {
            return TypedResults.BadRequest(new ApiError(ex.Message));
        }
        catch (HttpRequestException ex)
        {
            return Unavailable(ex);
        }
    }

    private static JsonHttpResult<ApiError> Unavailable(Exception ex) =>
        TypedResults.Json(new ApiError($"the snapshot repository cannot be used: {ex.Message}"), statusCode: StatusCodes.Status503ServiceUnavailable);
}
