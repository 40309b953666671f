using Microsoft.AspNetCore.Authentication;

namespace Console.Web.Apis;

/// <summary>
/// What Elasticsearch clients ask before they ship (<c>GET /</c> with a JSON Accept header, <c>HEAD /</c>): a version
/// answer and the <c>X-Elastic-Product</c> header their product check wants. Browsers asking for HTML get the console.
/// Runs after authentication, so a caller without a user or key gets 401.
/// </summary>
public static class ElasticsearchRootApi
{
    public const string CompatibleVersion = "8.11.0";

    public static IApplicationBuilder UseElasticsearchRoot(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            var wantsJson = !request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
            if (request.Path == "/" && (HttpMethods.IsHead(request.Method) || (HttpMethods.IsGet(request.Method) && wantsJson)))
            {
                // Like Elasticsearch with security on: the version answer needs credentials (a key of any scope).
                if (context.User.Identity?.IsAuthenticated != true)
                {
                    await context.ChallengeAsync();
                    return;
                }

                context.Response.Headers["X-Elastic-Product"] = "Elasticsearch";
                if (HttpMethods.IsHead(request.Method))
                {
                    context.Response.StatusCode = StatusCodes.Status200OK;
                    return;
                }

                await context.Response.WriteAsJsonAsync(new
                {
                    name = Environment.MachineName,
                    cluster_name = "thebot-console",
                    version = new
                    {
                        number = CompatibleVersion,
                        build_flavor = "default",
                        lucene_version = "4.8.0",
                        minimum_wire_compatibility_version = "7.17.0",
                        minimum_index_compatibility_version = "7.0.0",
                    },
                    tagline = "You Know, for Search",
                });
                return;
            }

            if (request.Path.Value?.EndsWith("/_bulk", StringComparison.Ordinal) == true)
            {
                context.Response.Headers["X-Elastic-Product"] = "Elasticsearch";
            }

            await next(context);
        });
}
