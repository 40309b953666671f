using Console.Web.Health;
using Microsoft.AspNetCore.Http.HttpResults;
using Console.Web.Auth;

namespace Console.Web.Apis;

/// <summary><c>GET /api/health</c>: the console's health for scripts and load balancers (<c>/healthz</c> stays the bare liveness check).</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", CheckAsync).WithTags("Health").RequireRead();
        return app;
    }

    /// <summary>200 while the console is usable (green or yellow), 503 when it is not (red); the body is the same report.</summary>
    public static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> CheckAsync(ConsoleHealth health, CancellationToken cancellationToken)
    {
        var report = await health.CheckAsync(cancellationToken);
        return report.Status == "red"
            ? TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Ok(report);
    }
}
