using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using Console.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Console.Web.Auth;

/// <summary>
/// Answers whether a signed-in principal still holds: its session not ended or expired, its user not disabled and
/// its security stamp current. Answers are kept for <see cref="AuthOptions.RevalidationInterval"/>; every change made
/// through <see cref="UserService"/> clears them at once and raises <see cref="Changed"/>, so open hub connections
/// close without waiting.
/// </summary>
public sealed class SessionValidator(IDbContextFactory<ConsoleDbContext> contexts, TimeProvider clock, IOptions<AuthOptions> options)
{
    private readonly ConcurrentDictionary<string, (bool Valid, long CheckedTicks)> _answers = new(StringComparer.Ordinal);

    /// <summary>Raised after a user or session changed; listeners re-check the principals they hold.</summary>
    public event Action? Changed;

    public async ValueTask<bool> IsValidAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.Identity?.IsAuthenticated != true)
        {
            return false;
        }

        if (principal.HasClaim(ConsoleClaimTypes.Kind, ConsoleClaimTypes.ApiKeyKind))
        {
            return true; // checked on each request by the API key handler; hub connections ask ApiKeyService
        }

        var sessionId = principal.FindFirstValue(ConsoleClaimTypes.SessionId);
        if (sessionId is null)
        {
            // Only the auth-off principal has no session; a cookie without one is refused.
            return principal.Identity.AuthenticationType == NoAuthenticationHandler.SchemeName;
        }

        var now = clock.GetUtcNow().UtcTicks;
        if (_answers.TryGetValue(sessionId, out var answer) && now - answer.CheckedTicks < options.Value.RevalidationInterval.Ticks)
        {
            return answer.Valid;
        }

        var valid = await CheckAsync(principal, sessionId, cancellationToken);
        _answers[sessionId] = (valid, now);
        return valid;
    }

    /// <summary>Forgets every kept answer and tells the listeners; called after any change to users or sessions.</summary>
    public void Invalidate()
    {
        _answers.Clear();
        Changed?.Invoke();
    }

    private async Task<bool> CheckAsync(ClaimsPrincipal principal, string sessionId, CancellationToken cancellationToken)
    {
        if (!long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var userId))
        {
            return false;
        }

        var stamp = principal.FindFirstValue(ConsoleClaimTypes.SecurityStamp);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var row = await db.UserSessions.AsNoTracking()
            .Where(s => s.Id == sessionId && s.UserId == userId)
            .Join(db.Users, s => s.UserId, u => u.Id, (s, u) => new { s.EndedUtc, s.ExpiresUtc, u.Disabled, u.SecurityStamp })
            .FirstOrDefaultAsync(cancellationToken);
        return row is not null && row.EndedUtc is null && row.ExpiresUtc > now && !row.Disabled && row.SecurityStamp == stamp;
    }
}
