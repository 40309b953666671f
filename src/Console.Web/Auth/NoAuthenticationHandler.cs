using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Console.Web.Auth;

/// <summary>
/// <c>Auth:Mode=None</c>: every caller is the local administrator, so the same policies hold everywhere and nothing
/// special-cases the mode. Only accepted while every HTTP address is loopback (<see cref="AuthStartupCheck"/>).
/// </summary>
public sealed class NoAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggerFactory, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "NoAuth";
    public const string UserName = "local (sign-in off)";

    private static readonly ClaimsPrincipal Local = new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, "0"),
        new Claim(ClaimTypes.Name, UserName),
        new Claim(ClaimTypes.Role, nameof(ConsoleRole.Admin)),
        new Claim(ConsoleClaimTypes.Kind, ConsoleClaimTypes.UserKind),
    ], SchemeName));

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(Local, SchemeName)));
}
