namespace Console.Web.Auth;

/// <summary>A person who signs in to the console (table <c>users</c>).</summary>
public sealed class ConsoleUser
{
    public const int MaxNameLength = 64;

    public long Id { get; set; }

    /// <summary>Unique regardless of case.</summary>
    public string Name { get; set; } = "";

    /// <summary>PBKDF2 hash in <see cref="PasswordHashing"/>'s format; never the password.</summary>
    public string PasswordHash { get; set; } = "";

    public ConsoleRole Role { get; set; }

    public bool Disabled { get; set; }

    /// <summary>Changes whenever the password, role or disabled flag changes, which ends the user's open sessions.</summary>
    public string SecurityStamp { get; set; } = "";

    /// <summary>Set for a generated or admin-reset password: the user chooses a new one before signing in.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>Failed sign-ins since the last successful one.</summary>
    public int FailedAttempts { get; set; }

    public DateTime? LockedUntilUtc { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime? LastSignInUtc { get; set; }
}
