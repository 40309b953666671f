using Microsoft.Extensions.Options;

namespace Console.Web.Auth;

/// <summary>
/// Response headers (Content-Security-Policy and friends) and request checks that hold for every route: with sign-in
/// off, requests wait for the address check and must name a loopback host (DNS rebinding); requests that change state
/// or open a hub connection from a browser must come from the console's own origin (CSRF, cross-site WebSockets).
/// </summary>
public static class ConsoleSecurityMiddleware
{
    /// <summary>
    /// Scripts only from the console itself (no inline or injected script can run); inline styles are allowed because
    /// MudBlazor and Plotly set style attributes; WebSockets to the same origin ('self'); no framing.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseConsoleSecurity(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use(async (context, next) =>
        {
            var check = context.RequestServices.GetRequiredService<AuthStartupCheck>();
            var settings = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value;
            if (!check.AcceptsRequests)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            if (settings.Mode == AuthMode.None && !IsLoopbackHost(context.Request.Host))
            {
                await Refuse(context, StatusCodes.Status400BadRequest, "sign-in is off (Auth:Mode=None), so only loopback host names are accepted");
                return;
            }

            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";

            if (NeedsOwnOrigin(context.Request) && !IsAllowedOrigin(context, settings))
            {
                await Refuse(context, StatusCodes.Status403Forbidden, "cross-origin request refused: the Origin is not this console's");
                return;
            }

            await next(context);
        });
    }

    private static bool NeedsOwnOrigin(HttpRequest request) =>
        request.Headers.Origin.Count > 0
        && (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
            || request.Path.StartsWithSegments("/_blazor", StringComparison.OrdinalIgnoreCase)
            || request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase)
            || request.Headers.Upgrade.Count > 0);

    private static bool IsAllowedOrigin(HttpContext context, AuthOptions settings)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var originUri))
        {
            return false;
        }

        // Authority only: behind a TLS-terminating proxy the console sees http while the browser's origin is https.
        if (string.Equals(originUri.Authority, context.Request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var publicUrl = context.RequestServices.GetRequiredService<IOptions<ConsoleUrlOptions>>().Value.PublicUrl;
        return (Uri.TryCreate(publicUrl, UriKind.Absolute, out var own) && string.Equals(own.Authority, originUri.Authority, StringComparison.OrdinalIgnoreCase))
            || settings.AllowedOrigins.Any(a => Uri.TryCreate(a, UriKind.Absolute, out var allowed) && string.Equals(allowed.Authority, originUri.Authority, StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsLoopbackHost(HostString host) =>
        !host.HasValue || ListenAddresses.IsLoopback($"http://{host.Value}");

    private static async Task Refuse(HttpContext context, int status, string reason)
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(new Apis.ApiError(reason));
    }
}
