using System.ComponentModel.DataAnnotations;

namespace Console.Web.Auth;

/// <summary>The <c>Auth</c> settings: sign-in, the first administrator, lockout and sessions.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The environment variable holding the first administrator's password.</summary>
    public const string AdminPasswordVariable = "CONSOLE_ADMIN_PASSWORD";

    public AuthMode Mode { get; set; } = AuthMode.Required;

    /// <summary>Name of the administrator created on first run (when the database has no user).</summary>
    [Required, StringLength(ConsoleUser.MaxNameLength, MinimumLength = 1)]
    public string AdminUserName { get; set; } = "admin";

    /// <summary>Shortest password a user may choose.</summary>
    [Range(8, 128)]
    public int MinimumPasswordLength { get; set; } = 12;

    /// <summary>Failed sign-ins in a row after which the account is locked for <see cref="LockoutDuration"/>.</summary>
    [Range(1, 100)]
    public int MaxFailedAttempts { get; set; } = 5;

    /// <summary>The first lockout; each further failed attempt while over the limit doubles it, up to <see cref="MaxLockoutDuration"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(1);

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaxLockoutDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a sign-in lasts; then the user signs in again.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How often open Blazor circuits and hub connections check that their session is still valid.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Origins besides the console's own (its request host and <c>Console:PublicUrl</c>) allowed to open hub connections.</summary>
    public List<string> AllowedOrigins { get; set; } = [];
}
