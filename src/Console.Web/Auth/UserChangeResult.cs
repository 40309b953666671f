namespace Console.Web.Auth;

/// <summary>The outcome of an administrator's change to a user; <see cref="OneTimePassword"/> is shown once, then forgotten.</summary>
public sealed record UserChangeResult(bool Succeeded, string? Error = null, string? OneTimePassword = null)
{
    public static UserChangeResult Fail(string error) => new(false, error);
}
