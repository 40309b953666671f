using System.Globalization;
using System.Security.Claims;
using Console.Web.Persistence;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Console.Web.Auth;

/// <summary>
/// Users and their sessions: sign-in with lockout, password changes, and the administrator's changes. Every change
/// that takes rights away (disable, role, password) renews the user's security stamp and ends their sessions.
/// </summary>
public sealed class UserService(
    IDbContextFactory<ConsoleDbContext> contexts,
    SessionValidator sessions,
    TimeProvider clock,
    IOptions<AuthOptions> options,
    ILogger<UserService> logger) : IDisposable
{
    // Sign-ins one at a time: failed-attempt counting stays exact, and guessing gets no parallelism.
    private readonly SemaphoreSlim _signIns = new(1, 1);

    public void Dispose() => _signIns.Dispose();

    public async Task<SignInResult> SignInAsync(string? name, string? password, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrEmpty(password))
        {
            return new SignInResult(SignInStatus.InvalidCredentials);
        }

        await _signIns.WaitAsync(cancellationToken);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var user = await db.Users.FirstOrDefaultAsync(u => u.Name == name.Trim(), cancellationToken);
            var checkedPassword = await CheckPasswordAsync(db, user, password, cancellationToken);
            if (checkedPassword.Status != SignInStatus.Succeeded)
            {
                return checkedPassword;
            }

            if (user!.MustChangePassword)
            {
                return new SignInResult(SignInStatus.MustChangePassword);
            }

            var principal = await StartSessionAsync(db, user, cancellationToken);
            logger.LogInformation("User {User} signed in", user.Name);
            return new SignInResult(SignInStatus.Succeeded, principal);
        }
        finally
        {
            _signIns.Release();
        }
    }

    /// <summary>
    /// A user's own change: the current password proves who they are (so it also works for a one-time password, before
    /// any session exists). On success the user's other sessions end and a new one starts.
    /// </summary>
    public async Task<SignInResult> ChangePasswordAsync(string? name, string? currentPassword, string? newPassword, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrEmpty(currentPassword))
        {
            return new SignInResult(SignInStatus.InvalidCredentials);
        }

        await _signIns.WaitAsync(cancellationToken);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var user = await db.Users.FirstOrDefaultAsync(u => u.Name == name.Trim(), cancellationToken);
            var checkedPassword = await CheckPasswordAsync(db, user, currentPassword, cancellationToken);
            if (checkedPassword.Status != SignInStatus.Succeeded)
            {
                return checkedPassword;
            }

            if (PasswordProblem(newPassword, user!.Name) is { } problem)
            {
                return new SignInResult(SignInStatus.InvalidCredentials, Error: problem);
            }

            if (newPassword == currentPassword)
            {
                return new SignInResult(SignInStatus.InvalidCredentials, Error: "the new password must differ from the current one");
            }

            user.PasswordHash = PasswordHashing.Hash(newPassword!);
            user.MustChangePassword = false;
            await EndSessionsAsync(db, user, cancellationToken);
            var principal = await StartSessionAsync(db, user, cancellationToken);
            logger.LogInformation("User {User} changed their password", user.Name);
            return new SignInResult(SignInStatus.Succeeded, principal);
        }
        finally
        {
            _signIns.Release();
        }
    }

    public async Task EndSessionAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.FindFirstValue(ConsoleClaimTypes.SessionId) is not { } sessionId)
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        await db.UserSessions.Where(s => s.Id == sessionId && s.EndedUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedUtc, now), cancellationToken);
        sessions.Invalidate();
        logger.LogInformation("User {User} signed out", principal.Identity?.Name);
    }

    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Name).ToListAsync(cancellationToken);
        return users.Select(UserSummary.From).ToList();
    }

    public async Task<bool> AnyAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Users.AnyAsync(cancellationToken);
    }

    /// <summary>A new user; without <paramref name="password"/> a one-time one is generated and returned.</summary>
    public async Task<UserChangeResult> CreateAsync(string? name, ConsoleRole role, string? password, CancellationToken cancellationToken = default)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > ConsoleUser.MaxNameLength || name.Any(char.IsControl))
        {
            return UserChangeResult.Fail($"a user name has 1 to {ConsoleUser.MaxNameLength} characters and no control characters");
        }

        if (!Enum.IsDefined(role))
        {
            return UserChangeResult.Fail("the role must be Viewer, Editor or Admin");
        }

        var generated = string.IsNullOrEmpty(password);
        if (!generated && PasswordProblem(password, name) is { } problem)
        {
            return UserChangeResult.Fail(problem);
        }

        var oneTime = generated ? OneTimePasswords.Generate() : null;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Users.AnyAsync(u => u.Name == name, cancellationToken))
        {
            return UserChangeResult.Fail($"a user named '{name}' already exists");
        }

        db.Users.Add(new ConsoleUser
        {
            Name = name,
            PasswordHash = PasswordHashing.Hash(oneTime ?? password!),
            Role = role,
            SecurityStamp = OneTimePasswords.RandomToken(),
            MustChangePassword = generated,
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("User {User} created with role {Role}", name, role);
        return new UserChangeResult(true, OneTimePassword: oneTime);
    }

    public Task<UserChangeResult> SetRoleAsync(long id, ConsoleRole role, CancellationToken cancellationToken = default) =>
        Enum.IsDefined(role)
            ? ChangeAsync(id, user => user.Role = role, removesAdmin: user => user.Role == ConsoleRole.Admin && role != ConsoleRole.Admin, $"role set to {role}", cancellationToken)
            : Task.FromResult(UserChangeResult.Fail("the role must be Viewer, Editor or Admin"));

    public Task<UserChangeResult> SetDisabledAsync(long id, bool disabled, CancellationToken cancellationToken = default) =>
        ChangeAsync(id, user => user.Disabled = disabled, removesAdmin: user => disabled && !user.Disabled && user.Role == ConsoleRole.Admin,
            disabled ? "disabled" : "enabled", cancellationToken);

    /// <summary>Replaces the password with a one-time one (returned) that must be changed at the next sign-in; also lifts a lockout.</summary>
    public async Task<UserChangeResult> ResetPasswordAsync(long id, CancellationToken cancellationToken = default)
    {
        var oneTime = OneTimePasswords.Generate();
        var hash = PasswordHashing.Hash(oneTime);
        var result = await ChangeAsync(id, user =>
        {
            user.PasswordHash = hash;
            user.MustChangePassword = true;
            user.FailedAttempts = 0;
            user.LockedUntilUtc = null;
        }, removesAdmin: _ => false, "password reset", cancellationToken);
        return result.Succeeded ? result with { OneTimePassword = oneTime } : result;
    }

    /// <summary>
    /// First run: when there is no user at all, creates the administrator. Returns the generated one-time password when
    /// none came from <see cref="AuthOptions.AdminPasswordVariable"/>, or null when nothing was generated.
    /// A first administrator who never signed in gets a new one-time password at each start, so a lost one is no lock-out.
    /// </summary>
    public async Task<string?> EnsureAdministratorAsync(string? passwordFromEnvironment, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var name = options.Value.AdminUserName;
        var users = await db.Users.OrderBy(u => u.Id).Take(2).ToListAsync(cancellationToken);
        if (users is [var only] && only.MustChangePassword && only.LastSignInUtc is null && only.Name == name && string.IsNullOrEmpty(passwordFromEnvironment))
        {
            var renewed = OneTimePasswords.Generate();
            only.PasswordHash = PasswordHashing.Hash(renewed);
            only.SecurityStamp = OneTimePasswords.RandomToken();
            await db.SaveChangesAsync(cancellationToken);
            return renewed;
        }

        if (users.Count > 0)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(passwordFromEnvironment) && PasswordProblem(passwordFromEnvironment, name) is { } problem)
        {
            throw new InvalidOperationException($"{AuthOptions.AdminPasswordVariable}: {problem}");
        }

        var result = await CreateAsync(name, ConsoleRole.Admin, passwordFromEnvironment, cancellationToken);
        return result.Succeeded ? result.OneTimePassword : throw new InvalidOperationException(result.Error);
    }

    /// <summary>Why <paramref name="password"/> cannot be used, or null when it can.</summary>
    public string? PasswordProblem(string? password, string userName)
    {
        var minimum = options.Value.MinimumPasswordLength;
        if (string.IsNullOrEmpty(password) || password.Length < minimum)
        {
            return $"a password has at least {minimum} characters";
        }

        if (password.Length > 256)
        {
            return "a password has at most 256 characters";
        }

        return string.Equals(password, userName, StringComparison.OrdinalIgnoreCase) ? "the password must not be the user name" : null;
    }

    private async Task<SignInResult> CheckPasswordAsync(ConsoleDbContext db, ConsoleUser? user, string password, CancellationToken cancellationToken)
    {
        if (user is null)
        {
            PasswordHashing.VerifyNothing(password);
            return new SignInResult(SignInStatus.InvalidCredentials);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (user.LockedUntilUtc > now)
        {
            return new SignInResult(SignInStatus.LockedOut, LockedUntilUtc: user.LockedUntilUtc);
        }

        if (!PasswordHashing.Verify(password, user.PasswordHash))
        {
            var settings = options.Value;
            user.FailedAttempts++;
            var over = user.FailedAttempts - settings.MaxFailedAttempts;
            if (over >= 0)
            {
                // Backoff: each failure past the limit doubles the lock, up to the maximum.
                var lockTicks = Math.Min(settings.MaxLockoutDuration.Ticks, settings.LockoutDuration.Ticks * (1L << Math.Min(over, 20)));
                user.LockedUntilUtc = now + TimeSpan.FromTicks(lockTicks);
                logger.LogWarning("User {User} locked until {Until:u} after {Failures} failed sign-ins", user.Name, user.LockedUntilUtc, user.FailedAttempts);
            }

            await db.SaveChangesAsync(cancellationToken);
            return over >= 0
                ? new SignInResult(SignInStatus.LockedOut, LockedUntilUtc: user.LockedUntilUtc)
                : new SignInResult(SignInStatus.InvalidCredentials);
        }

        if (user.Disabled)
        {
            return new SignInResult(SignInStatus.Disabled);
        }

        user.FailedAttempts = 0;
        user.LockedUntilUtc = null;
        await db.SaveChangesAsync(cancellationToken);
        return new SignInResult(SignInStatus.Succeeded);
    }

    private async Task<ClaimsPrincipal> StartSessionAsync(ConsoleDbContext db, ConsoleUser user, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var session = new UserSession
        {
            Id = OneTimePasswords.RandomToken(),
            UserId = user.Id,
            CreatedUtc = now,
            ExpiresUtc = now + options.Value.SessionLifetime,
        };
        db.UserSessions.Add(session);
        user.LastSignInUtc = now;
        // Sessions that ended or expired a day ago are of no further use.
        var cutoff = now.AddDays(-1);
        await db.UserSessions.Where(s => s.ExpiresUtc < cutoff || s.EndedUtc < cutoff).ExecuteDeleteAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return PrincipalFor(user, session.Id);
    }

    private async Task EndSessionsAsync(ConsoleDbContext db, ConsoleUser user, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        user.SecurityStamp = OneTimePasswords.RandomToken();
        await db.UserSessions.Where(s => s.UserId == user.Id && s.EndedUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedUtc, now), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        sessions.Invalidate();
    }

    private async Task<UserChangeResult> ChangeAsync(long id, Action<ConsoleUser> change, Func<ConsoleUser, bool> removesAdmin, string what, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null)
        {
            return UserChangeResult.Fail($"no user with id {id.ToString(CultureInfo.InvariantCulture)}");
        }

        if (removesAdmin(user) && !await db.Users.AnyAsync(u => u.Id != id && u.Role == ConsoleRole.Admin && !u.Disabled, cancellationToken))
        {
            return UserChangeResult.Fail("this is the only enabled administrator; make another user Admin first");
        }

        change(user);
        await EndSessionsAsync(db, user, cancellationToken);
        logger.LogInformation("User {User}: {Change}", user.Name, what);
        return new UserChangeResult(true);
    }

    public static ClaimsPrincipal PrincipalFor(ConsoleUser user, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, user.Name),
            new Claim(ClaimTypes.Role, user.Role.ToString()),
            new Claim(ConsoleClaimTypes.Kind, ConsoleClaimTypes.UserKind),
            new Claim(ConsoleClaimTypes.SessionId, sessionId),
            new Claim(ConsoleClaimTypes.SecurityStamp, user.SecurityStamp),
        ], CookieAuthenticationDefaults.AuthenticationScheme);
        return new ClaimsPrincipal(identity);
    }
}
