using Console.Shared.Storage.Embedded;
using Console.Shared.Storage.Lifecycle;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Console.Web.Auth;

namespace Console.Web.Apis;

/// <summary>The retention policies (<c>/api/lifecycle/policies</c>) and running the embedded store's lifecycle job now.</summary>
public static class LifecycleApi
{
    public static IEndpointRouteBuilder MapLifecycleApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/lifecycle").WithTags("Lifecycle").RequireAdmin();
        api.MapGet("/policies", (RetentionPolicyStore policies) => TypedResults.Ok(new LifecyclePoliciesBody([.. policies.Current], policies.Source)));
        api.MapPut("/policies", SaveAsync);
        api.MapPost("/run", RunAsync);
        return app;
    }

    public static async Task<Results<Ok<LifecyclePoliciesBody>, BadRequest<ApiError>>> SaveAsync(
        HttpRequest request, RetentionPolicyStore policies, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync<LifecyclePoliciesBody>(request, json.Value, "list of retention policies", cancellationToken);
        if (error is not null)
        {
            return TypedResults.BadRequest(error);
        }

        var errors = policies.Save(body!.Policies);
        return errors.Count > 0
            ? TypedResults.BadRequest(new ApiError(string.Join("; ", errors)))
            : TypedResults.Ok(new LifecyclePoliciesBody([.. policies.Current], policies.Source));
    }

    /// <summary>Applies the policies to the embedded store now instead of at the next interval (Elasticsearch's ILM runs on its own).</summary>
    public static async Task<Results<Ok<LifecycleRunResponse>, BadRequest<ApiError>>> RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetService<EmbeddedLifecycleJob>() is not { } job)
        {
            return TypedResults.BadRequest(new ApiError("the store is Elasticsearch: its ILM applies the lifecycle policies on its own"));
        }

        var run = await job.RunOnceAsync(cancellationToken);
        return TypedResults.Ok(new LifecycleRunResponse(run.At, run.Warmed, run.Cooled, run.Deleted, run.Failures));
    }
}
