namespace Console.Web.Auth;

/// <summary>A user as lists show it: everything but the password hash and security stamp.</summary>
public sealed record UserSummary(long Id, string Name, ConsoleRole Role, bool Disabled, bool MustChangePassword, DateTime? LockedUntilUtc, DateTime CreatedUtc, DateTime? LastSignInUtc)
{
    public static UserSummary From(ConsoleUser user) =>
        new(user.Id, user.Name, user.Role, user.Disabled, user.MustChangePassword, user.LockedUntilUtc, user.CreatedUtc, user.LastSignInUtc);
}
