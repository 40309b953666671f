using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;

namespace Console.Web.Auth;

/// <summary>
/// What the user of this Blazor circuit may do, asked with the same policies as the HTTP routes. Pages ask it once to
/// show or hide their write buttons, and again in each write handler, because the role can be lowered (or the user
/// signed out) while a page stays open; the services themselves trust their caller, as the routes check before them.
/// </summary>
public sealed class UserAccess(AuthenticationStateProvider authentication, IAuthorizationService authorization)
{
    /// <summary>What a page shows when a write is refused.</summary>
    public const string Refused = "Your role does not allow this; ask an administrator if you need it.";

    /// <summary>Whether the circuit's current user satisfies <paramref name="policy"/> (a <see cref="ConsolePolicies"/> name).</summary>
    public async Task<bool> AllowsAsync(string policy)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return (await authorization.AuthorizeAsync(state.User, policy)).Succeeded;
    }

    /// <summary>Editor or Admin: dashboards, saved searches, alert rules, maintenance windows.</summary>
    public Task<bool> CanEditAsync() => AllowsAsync(ConsolePolicies.Editor);

    /// <summary>Admin: users, API keys, indices, retention, snapshots, notification channels.</summary>
    public Task<bool> CanAdministerAsync() => AllowsAsync(ConsolePolicies.Admin);
}
