namespace Console.Web.Auth;

/// <summary>How a sign-in attempt ended.</summary>
public enum SignInStatus
{
    Succeeded,

    /// <summary>Unknown name or wrong password; which of the two is not said.</summary>
    InvalidCredentials,

    /// <summary>Too many failed attempts; no password is checked until the lock ends.</summary>
    LockedOut,

    /// <summary>The password was right but the account is disabled.</summary>
    Disabled,

    /// <summary>The password was right but is one-time (generated or reset): a new one must be chosen first.</summary>
    MustChangePassword,
}
