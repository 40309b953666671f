using System.Security.Claims;

namespace Console.Web.Auth;

/// <summary>The outcome of <see cref="UserService.SignInAsync"/>; <see cref="Principal"/> is set when it succeeded.</summary>
public sealed record SignInResult(SignInStatus Status, ClaimsPrincipal? Principal = null, DateTime? LockedUntilUtc = null, string? Error = null);
