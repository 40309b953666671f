using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Console.Ingest.Pipeline;
using Console.Ingest.Sources.Connections;
using Console.Web.Auth;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Console.Web.Apis;

/// <summary>
/// Rate limits of the HTTP ingest routes (ASP.NET Core's rate limiter): one token bucket per API key, shared by every
/// ingest route, so one runaway shipper cannot starve the others. Refusals are 429 with Retry-After, counted as
/// <c>rate_limited</c> under the route's input in <c>/api/ingest/stats</c> and logged (a few lines per flood).
/// </summary>
public static class IngestRateLimiting
{
    public const string PolicyName = "ingest";

    public static IServiceCollection AddIngestRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IngestRateLimitOptions>().Bind(configuration.GetSection(IngestRateLimitOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new RefusalLogThrottle(TimeSpan.FromSeconds(10), sp.GetRequiredService<TimeProvider>()));
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(PolicyName, context =>
            {
                var settings = context.RequestServices.GetRequiredService<IOptions<IngestRateLimitOptions>>().Value;
                if (!settings.Enabled)
                {
                    return RateLimitPartition.GetNoLimiter("off");
                }

                return RateLimitPartition.GetTokenBucketLimiter(SenderOf(context), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = settings.Burst,
                    TokensPerPeriod = settings.Requests,
                    ReplenishmentPeriod = settings.Period,
                    AutoReplenishment = true,
                    QueueLimit = 0, // answer at once: a shipper's own retry with backoff is better than a request held open here
                });
            });
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    /// <summary>
    /// Puts an ingest route under the rate limit and names the input its refusals are counted under; a queue that cannot
    /// write answers 503 (<see cref="QueueWriteFailureFilter"/>).
    /// </summary>
    public static TBuilder RequireIngestRateLimit<TBuilder>(this TBuilder builder, string input) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRateLimiting(PolicyName).WithMetadata(new IngestInputMetadata(input)).AddEndpointFilter(new QueueWriteFailureFilter());

    /// <summary>
    /// Who a request counts against: the API key (by id, never the key itself), else the signed-in user, else (sign-in
    /// off, where everyone is the same local administrator) the client's address.
    /// </summary>
    public static string SenderOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.User;
        var kind = user.FindFirstValue(ConsoleClaimTypes.Kind);
        var signInOff = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.Mode == AuthMode.None;
        if (user.Identity?.IsAuthenticated == true && !signInOff)
        {
            if (kind == ConsoleClaimTypes.ApiKeyKind)
            {
                return "api-key:" + user.FindFirstValue(ClaimTypes.NameIdentifier);
            }

            return "user:" + user.Identity.Name;
        }

        return "client:" + Normalize(context.Connection.RemoteIpAddress);
    }

    private static string Normalize(IPAddress? address) =>
        address is null ? "unknown" : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var services = context.RequestServices;
        var settings = services.GetRequiredService<IOptions<IngestRateLimitOptions>>().Value;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : settings.Period;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var input = context.GetEndpoint()?.Metadata.GetMetadata<IngestInputMetadata>()?.Input ?? "http";
        // A key's principal is named "api-key <prefix> (<name>)": enough to tell which key, and no secret.
        var sender = SenderOf(context);
        var who = sender.StartsWith("api-key:", StringComparison.Ordinal) ? context.User.Identity?.Name
            : sender.StartsWith("user:", StringComparison.Ordinal) ? "user " + context.User.Identity?.Name
            : sender.Replace("client:", "client ", StringComparison.Ordinal);
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"{context.Request.Method} {context.Request.Path} from {who} refused: over the rate limit of {settings.Requests} requests per {settings.Period} (burst {settings.Burst}); 429, retry after {seconds} s");
        var clock = services.GetRequiredService<TimeProvider>();
        services.GetRequiredService<IngestStats>().Input(input).RateLimit(reason, clock.GetUtcNow());
        if (services.GetRequiredService<RefusalLogThrottle>().TryLog(out var heldBack))
        {
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IngestRateLimiting))
                .LogWarning("Rate limit: {Reason} ({HeldBack} more refusals since the last line)", reason, heldBack);
        }

        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var message = string.Create(CultureInfo.InvariantCulture,
            $"too many requests: over the rate limit of {settings.Requests} requests per {settings.Period} (burst {settings.Burst}); retry after {seconds} s");
        await context.Response.WriteAsJsonAsync(new ApiError(message), cancellationToken);
    }
}
