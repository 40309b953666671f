using Microsoft.AspNetCore.Authorization;

namespace Console.Web.Auth;

/// <summary>
/// One line per route or group: <c>app.MapPost("/x", ...).RequireEditor()</c>, or on a group
/// <c>RequireReadOrWrite(ConsolePolicies.Read, ConsolePolicies.Editor)</c> to let GET read and every other method write.
/// </summary>
public static class ConsoleAuthorizationExtensions
{
    public static TBuilder RequireViewer<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(ConsolePolicies.Viewer);

    public static TBuilder RequireEditor<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(ConsolePolicies.Editor);

    public static TBuilder RequireAdmin<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(ConsolePolicies.Admin);

    /// <summary>Readers of events: users, and API keys with the <c>read</c> scope.</summary>
    public static TBuilder RequireRead<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(ConsolePolicies.Read);

    /// <summary>Senders of events: Editor users, and API keys with the <c>ingest</c> scope.</summary>
    public static TBuilder RequireIngest<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(ConsolePolicies.Ingest);

    /// <summary>
    /// For a route group: GET and HEAD routes get <paramref name="readPolicy"/>, all others <paramref name="writePolicy"/>.
    /// A route in the group that names its own policy keeps it.
    /// </summary>
    public static TBuilder RequireReadOrWrite<TBuilder>(this TBuilder builder, string readPolicy, string writePolicy) where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Finally(endpoint =>
        {
            if (endpoint.Metadata.OfType<IAuthorizeData>().Any() || endpoint.Metadata.OfType<IAllowAnonymous>().Any())
            {
                return;
            }

            var methods = endpoint.Metadata.OfType<Microsoft.AspNetCore.Routing.HttpMethodMetadata>().SelectMany(m => m.HttpMethods).ToList();
            var readsOnly = methods.Count > 0 && methods.All(m => HttpMethods.IsGet(m) || HttpMethods.IsHead(m));
            endpoint.Metadata.Add(new AuthorizeAttribute(readsOnly ? readPolicy : writePolicy));
        });
        return builder;
    }
}
