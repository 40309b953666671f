using Console.Web.Auth;

namespace Console.Web.Apis;

/// <summary>A created user, or one whose password was reset: the one-time password appears here once.</summary>
public sealed record CreatedUserResponse(UserSummary User, string? OneTimePassword);
