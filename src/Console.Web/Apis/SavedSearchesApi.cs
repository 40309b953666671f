using Console.Web.Auth;
using Console.Web.Discover;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Console.Web.Apis;

/// <summary>Named Discover views kept in the console's database.</summary>
public static class SavedSearchesApi
{
    public const string Path = "/api/saved-searches";

    public static IEndpointRouteBuilder MapSavedSearchesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Path).WithTags("Saved searches").RequireReadOrWrite(ConsolePolicies.Viewer, ConsolePolicies.Editor);
        api.MapGet("/", ListAsync);
        api.MapPost("/", CreateAsync);
        api.MapGet("/{id:long}", GetAsync);
        api.MapPut("/{id:long}", UpdateAsync);
        api.MapDelete("/{id:long}", DeleteAsync);
        return app;
    }

    public static async Task<Ok<IReadOnlyList<SavedSearchResponse>>> ListAsync(SavedSearchService searches, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<SavedSearchResponse>>((await searches.ListAsync(cancellationToken)).Select(SavedSearchResponse.Of).ToList());

    public static async Task<Results<Ok<SavedSearchResponse>, NotFound<ApiError>>> GetAsync(SavedSearchService searches, long id, CancellationToken cancellationToken) =>
        await searches.FindAsync(id, cancellationToken) is { } search
            ? TypedResults.Ok(SavedSearchResponse.Of(search))
            : TypedResults.NotFound(NoSuchSearch(id));

    public static async Task<Results<Created<SavedSearchResponse>, BadRequest<ApiError>, Conflict<ApiError>>> CreateAsync(
        SavedSearchService searches, HttpRequest request, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var (input, error) = await JsonBody.ReadAsync<SavedSearchInput>(request, json.Value, "saved search", cancellationToken);
        if (input is null)
        {
            return TypedResults.BadRequest(error);
        }

        var result = await searches.CreateAsync(input, cancellationToken);
        return result.Outcome switch
        {
            SavedSearchOutcome.Saved => TypedResults.Created($"{Path}/{result.Search!.Id}", SavedSearchResponse.Of(result.Search)),
            SavedSearchOutcome.DuplicateName => TypedResults.Conflict(result.Error),
            _ => TypedResults.BadRequest(result.Error),
        };
    }

    public static async Task<Results<Ok<SavedSearchResponse>, BadRequest<ApiError>, NotFound<ApiError>, Conflict<ApiError>>> UpdateAsync(
        SavedSearchService searches, long id, HttpRequest request, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var (input, error) = await JsonBody.ReadAsync<SavedSearchInput>(request, json.Value, "saved search", cancellationToken);
        if (input is null)
        {
            return TypedResults.BadRequest(error);
        }

        var result = await searches.UpdateAsync(id, input, cancellationToken);
        return result.Outcome switch
        {
            SavedSearchOutcome.Saved => TypedResults.Ok(SavedSearchResponse.Of(result.Search!)),
            SavedSearchOutcome.NotFound => TypedResults.NotFound(result.Error),
            SavedSearchOutcome.DuplicateName => TypedResults.Conflict(result.Error),
            _ => TypedResults.BadRequest(result.Error),
        };
    }

    public static async Task<Results<NoContent, NotFound<ApiError>>> DeleteAsync(SavedSearchService searches, long id, CancellationToken cancellationToken) =>
        await searches.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound(NoSuchSearch(id));

    private static ApiError NoSuchSearch(long id) => new($"no saved search with id {id}");
}
