using System.Security.Claims;
using Console.Web.Auth;

namespace Console.Web.Apis;

/// <summary>Who is asking: <c>GET /api/auth/me</c>.</summary>
public sealed record CallerResponse(string Name, string Kind, string? Role, IReadOnlyList<string> Scopes)
{
    public static CallerResponse From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new(user.Identity?.Name ?? "", user.FindFirstValue(ConsoleClaimTypes.Kind) ?? "", user.FindFirstValue(ClaimTypes.Role),
            user.FindAll(ConsoleClaimTypes.Scope).Select(c => c.Value).ToList());
    }
}
