using System.Text;
using System.Text.Json;
using Console.Web.Dashboards;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Console.Web.Auth;

namespace Console.Web.Apis;

/// <summary>Dashboards kept in the console's database; built-in ones are read-only (409 on change) and can be duplicated.</summary>
public static class DashboardsApi
{
    public const string Path = "/api/dashboards";

    public static IEndpointRouteBuilder MapDashboardsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Path).WithTags("Dashboards").RequireReadOrWrite(ConsolePolicies.Viewer, ConsolePolicies.Editor);
        api.MapGet("/", ListAsync);
        api.MapPost("/", CreateAsync);
        api.MapPost("/import", ImportAsync);
        api.MapGet("/{id:long}", GetAsync);
        api.MapPut("/{id:long}", UpdateAsync);
        api.MapDelete("/{id:long}", DeleteAsync);
        api.MapPost("/{id:long}/duplicate", DuplicateAsync);
        api.MapGet("/{id:long}/export", ExportAsync);
        return app;
    }

    public static async Task<Ok<IReadOnlyList<DashboardResponse>>> ListAsync(DashboardService dashboards, string? search, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<DashboardResponse>>((await dashboards.ListAsync(search, cancellationToken)).Select(DashboardResponse.Of).ToList());

    public static async Task<Results<Ok<DashboardResponse>, NotFound<ApiError>>> GetAsync(DashboardService dashboards, long id, CancellationToken cancellationToken) =>
        await dashboards.FindAsync(id, cancellationToken) is { } dashboard
            ? TypedResults.Ok(DashboardResponse.Of(dashboard))
            : TypedResults.NotFound(NoSuchDashboard(id));

    public static Task<Results<Created<DashboardResponse>, BadRequest<DashboardErrorResponse>>> CreateAsync(
        DashboardService dashboards, HttpRequest request, IOptions<JsonOptions> json, CancellationToken cancellationToken) =>
        AddAsync(dashboards, request, json, cancellationToken);

    /// <summary>An exported file (the body of <c>GET {id}/export</c>) as a new dashboard; a file never replaces one.</summary>
    public static Task<Results<Created<DashboardResponse>, BadRequest<DashboardErrorResponse>>> ImportAsync(
        DashboardService dashboards, HttpRequest request, IOptions<JsonOptions> json, CancellationToken cancellationToken) =>
        AddAsync(dashboards, request, json, cancellationToken);

    public static async Task<Results<Ok<DashboardResponse>, BadRequest<DashboardErrorResponse>, NotFound<ApiError>, Conflict<ApiError>>> UpdateAsync(
        DashboardService dashboards, long id, HttpRequest request, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var (input, error) = await JsonBody.ReadAsync<DashboardInput>(request, json.Value, "dashboard", cancellationToken);
        if (input is null)
        {
            return TypedResults.BadRequest(DashboardErrorResponse.Of(error!));
        }

        var result = await dashboards.UpdateAsync(id, input, cancellationToken);
        return result.Outcome switch
        {
            DashboardOutcome.Saved => TypedResults.Ok(DashboardResponse.Of(result.Dashboard!)),
            DashboardOutcome.NotFound => TypedResults.NotFound(new ApiError(result.Errors[0].Message)),
            DashboardOutcome.ReadOnly => TypedResults.Conflict(new ApiError(result.Errors[0].Message)),
            _ => TypedResults.BadRequest(DashboardErrorResponse.Of(result.Errors)),
        };
    }

    public static async Task<Results<NoContent, NotFound<ApiError>, Conflict<ApiError>>> DeleteAsync(DashboardService dashboards, long id, CancellationToken cancellationToken)
    {
        var result = await dashboards.DeleteAsync(id, cancellationToken);
        return result.Outcome switch
        {
            DashboardOutcome.Deleted => TypedResults.NoContent(),
            DashboardOutcome.ReadOnly => TypedResults.Conflict(new ApiError(result.Errors[0].Message)),
            _ => TypedResults.NotFound(NoSuchDashboard(id)),
        };
    }

    public static async Task<Results<Created<DashboardResponse>, NotFound<ApiError>>> DuplicateAsync(DashboardService dashboards, long id, string? title, CancellationToken cancellationToken)
    {
        var result = await dashboards.DuplicateAsync(id, title, cancellationToken);
        return result.Outcome == DashboardOutcome.Saved
            ? TypedResults.Created($"{Path}/{result.Dashboard!.Id}", DashboardResponse.Of(result.Dashboard))
            : TypedResults.NotFound(new ApiError(result.Errors[0].ToString()));
    }

    /// <summary>The dashboard as a JSON file to keep or import elsewhere (<c>Content-Disposition: attachment</c>).</summary>
    public static async Task<Results<FileContentHttpResult, NotFound<ApiError>>> ExportAsync(DashboardService dashboards, long id, CancellationToken cancellationToken)
    {
        if (await dashboards.FindAsync(id, cancellationToken) is not { } dashboard)
        {
            return TypedResults.NotFound(NoSuchDashboard(id));
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(DashboardInput.Of(dashboard), DashboardJson.Indented);
        return TypedResults.File(json, "application/json", FileNameOf(dashboard.Title));
    }

    /// <summary>A file name from a title: letters, digits and dashes, such as <c>system-health.dashboard.json</c>.</summary>
    public static string FileNameOf(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        var name = new StringBuilder();
        foreach (var c in title.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                name.Append(c);
            }
            else if (name.Length > 0 && name[^1] != '-')
            {
                name.Append('-');
            }
        }

        var slug = name.ToString().Trim('-');
        return (slug.Length == 0 ? "dashboard" : slug.Length > 80 ? slug[..80] : slug) + ".dashboard.json";
    }

    private static async Task<Results<Created<DashboardResponse>, BadRequest<DashboardErrorResponse>>> AddAsync(
        DashboardService dashboards, HttpRequest request, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var (input, error) = await JsonBody.ReadAsync<DashboardInput>(request, json.Value, "dashboard", cancellationToken);
        if (input is null)
        {
            return TypedResults.BadRequest(DashboardErrorResponse.Of(error!));
        }

        var result = await dashboards.CreateAsync(input, cancellationToken);
        return result.Outcome == DashboardOutcome.Saved
            ? TypedResults.Created($"{Path}/{result.Dashboard!.Id}", DashboardResponse.Of(result.Dashboard))
            : TypedResults.BadRequest(DashboardErrorResponse.Of(result.Errors));
    }

    private static ApiError NoSuchDashboard(long id) => new($"no dashboard with id {id}");
}
