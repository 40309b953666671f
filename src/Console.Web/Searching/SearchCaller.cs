using System.Net;
using System.Security.Claims;
using Console.Web.Auth;

namespace Console.Web.Searching;

/// <summary>Who a search counts against in <see cref="SearchConcurrencyLimiter"/>.</summary>
public static class SearchCaller
{
    /// <summary>
    /// With sign-in off (<c>Auth:Mode=None</c>) every caller is the one local administrator and only loopback can connect,
    /// so the API and the pages share one budget, as one user's would.
    /// </summary>
    public const string Local = "local";

    /// <summary>The caller of an HTTP request (an API route).</summary>
    public static string Of(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return Of(http.User, http.Connection.RemoteIpAddress);
    }

    /// <summary>
    /// <c>apikey:ID</c> for an API key, <c>user:ID</c> for a signed-in user (the same for their API calls and their pages),
    /// <see cref="Local"/> with sign-in off, else <c>anonymous:</c> and the address.
    /// </summary>
    public static string Of(ClaimsPrincipal user, IPAddress? address)
    {
        ArgumentNullException.ThrowIfNull(user);
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (user.Identity?.IsAuthenticated == true && id is not null)
        {
            if (user.Identity.AuthenticationType == NoAuthenticationHandler.SchemeName)
            {
                return Local;
            }

            var kind = user.HasClaim(ConsoleClaimTypes.Kind, ConsoleClaimTypes.ApiKeyKind) ? "apikey" : "user";
            return $"{kind}:{id}";
        }

        return $"anonymous:{address?.ToString() ?? "local"}";
    }
}
