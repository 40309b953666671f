namespace Console.Web.Auth;

/// <summary>One sign-in (table <c>user_sessions</c>); its id is in the cookie, so signing out ends it on the server too.</summary>
public sealed class UserSession
{
    public const int IdLength = 43;

    /// <summary>Random, URL-safe; also the <c>sid</c> claim.</summary>
    public string Id { get; set; } = "";

    public long UserId { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime ExpiresUtc { get; set; }

    /// <summary>Set at sign-out, or when the user was disabled, changed role or password.</summary>
    public DateTime? EndedUtc { get; set; }
}
