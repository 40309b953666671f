using Microsoft.AspNetCore.Http.HttpResults;
using Console.Web.Auth;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Console.Web.Apis;

/// <summary><c>/api/users</c> and <c>/api/api-keys</c>: administrators manage users and API keys (the pages <c>/admin/users</c> and <c>/admin/api-keys</c> do the same).</summary>
public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/users").WithTags("Users").RequireAdmin();
        users.MapGet("/", async (UserService service, CancellationToken ct) => TypedResults.Ok(await service.ListAsync(ct)));
        users.MapPost("/", CreateUserAsync);
        users.MapPut("/{id:long}", UpdateUserAsync);
        users.MapPost("/{id:long}/reset-password", ResetPasswordAsync);

        var keys = app.MapGroup("/api/api-keys").WithTags("Users").RequireAdmin();
        keys.MapGet("/", async (ApiKeyService service, CancellationToken ct) => TypedResults.Ok(await service.ListAsync(ct)));
        keys.MapPost("/", CreateKeyAsync);
        keys.MapDelete("/{id:long}", RevokeKeyAsync);
        return app;
    }

    public static async Task<Results<Created<CreatedUserResponse>, BadRequest<ApiError>>> CreateUserAsync(
        HttpRequest request, UserService users, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(users);
        var (body, error) = await JsonBody.ReadAsync<UserInput>(request, json.Value, "user", cancellationToken);
        if (body is null)
        {
            return TypedResults.BadRequest(error!);
        }

        if (!TryParseRole(body.Role ?? nameof(ConsoleRole.Viewer), out var role))
        {
            return TypedResults.BadRequest(new ApiError("role must be Viewer, Editor or Admin"));
        }

        var result = await users.CreateAsync(body.Name, role, body.Password, cancellationToken);
        if (!result.Succeeded)
        {
            return TypedResults.BadRequest(new ApiError(result.Error!));
        }

        var created = (await users.ListAsync(cancellationToken)).First(u => string.Equals(u.Name, body.Name!.Trim(), StringComparison.OrdinalIgnoreCase));
        return TypedResults.Created($"/api/users/{created.Id}", new CreatedUserResponse(created, result.OneTimePassword));
    }

    public static async Task<Results<Ok<UserSummary>, BadRequest<ApiError>, NotFound<ApiError>>> UpdateUserAsync(
        long id, HttpRequest request, UserService users, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(users);
        var (body, error) = await JsonBody.ReadAsync<UserInput>(request, json.Value, "user change", cancellationToken);
        if (body is null)
        {
            return TypedResults.BadRequest(error!);
        }

        if (body.Role is null && body.Disabled is null)
        {
            return TypedResults.BadRequest(new ApiError("give role and/or disabled"));
        }

        if (await Find(users, id, cancellationToken) is null)
        {
            return TypedResults.NotFound(new ApiError($"no user with id {id}"));
        }

        if (body.Role is not null)
        {
            if (!TryParseRole(body.Role, out var role))
            {
                return TypedResults.BadRequest(new ApiError("role must be Viewer, Editor or Admin"));
            }

            var changed = await users.SetRoleAsync(id, role, cancellationToken);
            if (!changed.Succeeded)
            {
                return TypedResults.BadRequest(new ApiError(changed.Error!));
            }
        }

        if (body.Disabled is { } disabled)
        {
            var changed = await users.SetDisabledAsync(id, disabled, cancellationToken);
            if (!changed.Succeeded)
            {
                return TypedResults.BadRequest(new ApiError(changed.Error!));
            }
        }

        return TypedResults.Ok((await Find(users, id, cancellationToken))!);
    }

    public static async Task<Results<Ok<CreatedUserResponse>, NotFound<ApiError>>> ResetPasswordAsync(long id, UserService users, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(users);
        var result = await users.ResetPasswordAsync(id, cancellationToken);
        return result.Succeeded
            ? TypedResults.Ok(new CreatedUserResponse((await Find(users, id, cancellationToken))!, result.OneTimePassword))
            : TypedResults.NotFound(new ApiError(result.Error!));
    }

    public static async Task<Results<Created<CreatedApiKeyResponse>, BadRequest<ApiError>>> CreateKeyAsync(
        HttpContext context, ApiKeyService keys, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(keys);
        var (body, error) = await JsonBody.ReadAsync<ApiKeyInput>(context.Request, json.Value, "API key", cancellationToken);
        if (body is null)
        {
            return TypedResults.BadRequest(error!);
        }

        var scopes = ApiKeyScopes.None;
        foreach (var scope in body.Scopes ?? [])
        {
            if (!Enum.TryParse<ApiKeyScopes>(scope, ignoreCase: true, out var parsed) || parsed == ApiKeyScopes.None || !Enum.IsDefined(parsed))
            {
                return TypedResults.BadRequest(new ApiError($"unknown scope '{scope}': use ingest and/or read"));
            }

            scopes |= parsed;
        }

        var (created, problem) = await keys.CreateAsync(body.Name, scopes, context.User.Identity?.Name ?? "", cancellationToken);
        return created is null
            ? TypedResults.BadRequest(new ApiError(problem!))
            : TypedResults.Created($"/api/api-keys/{created.Summary.Id}", new CreatedApiKeyResponse(created.Summary, created.Key));
    }

    public static async Task<Results<NoContent, NotFound<ApiError>>> RevokeKeyAsync(long id, HttpContext context, ApiKeyService keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(keys);
        return await keys.RevokeAsync(id, context.User.Identity?.Name ?? "", cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.NotFound(new ApiError($"no API key with id {id}"));
    }

    private static bool TryParseRole(string text, out ConsoleRole role) =>
        Enum.TryParse(text, ignoreCase: true, out role) && Enum.IsDefined(role) && !int.TryParse(text, out _);

    private static async Task<UserSummary?> Find(UserService users, long id, CancellationToken cancellationToken) =>
        (await users.ListAsync(cancellationToken)).FirstOrDefault(u => u.Id == id);
}
