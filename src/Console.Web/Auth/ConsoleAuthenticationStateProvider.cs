using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace Console.Web.Auth;

/// <summary>
/// A Blazor circuit re-checks its user every <see cref="AuthOptions.RevalidationInterval"/>: once the session ended
/// (signed out elsewhere, expired) or the user was disabled or changed, the circuit's user becomes anonymous and
/// <c>Routes.razor</c> sends the browser to the login page, which ends the circuit.
/// </summary>
public sealed class ConsoleAuthenticationStateProvider(ILoggerFactory loggerFactory, SessionValidator sessions, IOptions<AuthOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => options.Value.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authenticationState);
        return await sessions.IsValidAsync(authenticationState.User, cancellationToken);
    }
}
