using System.Security.Claims;
using Console.Web.Auth;

namespace Console.Web.Apis;

/// <summary>Who a search counts against in <see cref="SearchConcurrencyLimiter"/>.</summary>
public static class SearchCaller
{
    /// <summary>
    /// <c>apikey:ID</c> for an API key, <c>user:ID</c> for a signed-in user; with sign-in off (<c>Auth:Mode=None</c>) every
    /// caller is the same administrator, so the caller's address tells them apart (<c>anonymous:127.0.0.1</c>).
    /// </summary>
    public static string Of(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var user = http.User;
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (user.Identity?.IsAuthenticated == true && id is not null && user.Identity.AuthenticationType != NoAuthenticationHandler.SchemeName)
        {
            var kind = user.HasClaim(ConsoleClaimTypes.Kind, ConsoleClaimTypes.ApiKeyKind) ? "apikey" : "user";
            return $"{kind}:{id}";
        }

        return $"anonymous:{http.Connection.RemoteIpAddress?.ToString() ?? "local"}";
    }
}
