using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace Console.Web.Auth;

/// <summary>
/// The authorization policies, by name. Pages use <c>[Authorize(Policy = ConsolePolicies.Admin)]</c>, routes use
/// <see cref="ConsoleAuthorizationExtensions"/>; anything without one falls back to <see cref="Viewer"/> (any signed-in user).
/// </summary>
public static class ConsolePolicies
{
    /// <summary>Any signed-in user (the fallback for every page, route and hub that names no policy).</summary>
    public const string Viewer = "Viewer";

    /// <summary>Editor or Admin users: writes to dashboards, saved searches, alert rules.</summary>
    public const string Editor = "Editor";

    /// <summary>Admin users: users, API keys, indices, snapshots, channels, settings.</summary>
    public const string Admin = "Admin";

    /// <summary>Reading events by program or person: any signed-in user, or an API key with the <c>read</c> scope.</summary>
    public const string Read = "Read";

    /// <summary>Sending events: an Editor or Admin user, or an API key with the <c>ingest</c> scope.</summary>
    public const string Ingest = "Ingest";

    public static void AddConsolePolicies(AuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var viewer = UserPolicy(ConsoleRole.Viewer);
        options.AddPolicy(Viewer, viewer);
        options.AddPolicy(Editor, UserPolicy(ConsoleRole.Editor));
        options.AddPolicy(Admin, UserPolicy(ConsoleRole.Admin));
        options.AddPolicy(Read, new AuthorizationPolicyBuilder().RequireAuthenticatedUser()
            .RequireAssertion(c => HasRole(c.User, ConsoleRole.Viewer) || HasScope(c.User, ApiKeyScopes.Read)).Build());
        options.AddPolicy(Ingest, new AuthorizationPolicyBuilder().RequireAuthenticatedUser()
            .RequireAssertion(c => HasRole(c.User, ConsoleRole.Editor) || HasScope(c.User, ApiKeyScopes.Ingest)).Build());
        // An API key is not a user: it reaches only the routes that name Read or Ingest.
        options.FallbackPolicy = viewer;
        options.DefaultPolicy = viewer;
    }

    /// <summary>Whether <paramref name="user"/> is a person with at least <paramref name="role"/>.</summary>
    public static bool HasRole(ClaimsPrincipal user, ConsoleRole role)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Identity?.IsAuthenticated == true
            && user.HasClaim(ConsoleClaimTypes.Kind, ConsoleClaimTypes.UserKind)
            && Enum.TryParse<ConsoleRole>(user.FindFirstValue(ClaimTypes.Role), out var held)
            && held >= role;
    }

    private static bool HasScope(ClaimsPrincipal user, ApiKeyScopes scope) =>
        user.Identity?.IsAuthenticated == true
        && user.HasClaim(ConsoleClaimTypes.Kind, ConsoleClaimTypes.ApiKeyKind)
        && user.HasClaim(ConsoleClaimTypes.Scope, scope.ToString().ToLowerInvariant());

    private static AuthorizationPolicy UserPolicy(ConsoleRole role) =>
        new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireAssertion(c => HasRole(c.User, role)).Build();
}
