using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Console.Web.Auth;

/// <summary>
/// The <c>ApiKey</c> scheme. Reads <c>Authorization: ApiKey lck_...</c>, the Elasticsearch clients' form
/// <c>Authorization: ApiKey base64(id:lck_...)</c> (Filebeat's <c>api_key: "id:lck_..."</c>) and Seq's
/// <c>X-Seq-ApiKey</c>. A principal from a key has one <see cref="ConsoleClaimTypes.Scope"/> claim per scope and no role.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyService keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string SeqHeader = "X-Seq-ApiKey";

    /// <summary>Whether the request carries a key in any of the accepted places (the policy scheme uses this to pick us).</summary>
    public static bool CarriesKey(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Headers.ContainsKey(SeqHeader)
            || request.Headers.Authorization.ToString().StartsWith(SchemeName + " ", StringComparison.OrdinalIgnoreCase);
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!CarriesKey(Request))
        {
            return AuthenticateResult.NoResult();
        }

        var presented = PresentedKey(Request);
        var key = await keys.ValidateAsync(presented, ApiKeyScopes.None, Context.RequestAborted);
        if (key is null)
        {
            // Never the key itself in the log: its prefix is enough to tell which one.
            return AuthenticateResult.Fail("unknown or revoked API key");
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, key.Id.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, $"api-key {key.Prefix} ({key.Name})"),
            new(ConsoleClaimTypes.Kind, ConsoleClaimTypes.ApiKeyKind),
        };
        foreach (var scope in new[] { ApiKeyScopes.Ingest, ApiKeyScopes.Read }.Where(s => key.Scopes.HasFlag(s)))
        {
            claims.Add(new Claim(ConsoleClaimTypes.Scope, scope.ToString().ToLowerInvariant()));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = SchemeName;
        return Task.CompletedTask;
    }

    private static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue(SeqHeader, out var seq))
        {
            return seq.ToString().Trim();
        }

        var value = request.Headers.Authorization.ToString()[(SchemeName.Length + 1)..].Trim();
        if (value.StartsWith(ApiKeyService.KeyStart, StringComparison.Ordinal))
        {
            return value;
        }

        // Elasticsearch clients send base64("id:api_key"); the id part is free text to us.
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon >= 0 ? decoded[(colon + 1)..] : decoded;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
