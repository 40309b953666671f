using Microsoft.AspNetCore.Http.HttpResults;
using System.Globalization;
using Console.Web.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using SignInResult = Console.Web.Auth.SignInResult;
using Microsoft.Extensions.Options;

namespace Console.Web.Apis;

/// <summary>
/// The sign-in forms' targets (HTML form posts with an antiforgery token, answered with redirects) and
/// <c>GET /api/auth/me</c>. The pages are <c>/login</c> and <c>/account/password</c>.
/// </summary>
public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/auth").WithTags("Auth");
        // Form-bound parameters make these require a valid antiforgery token (checked by UseAntiforgery).
        forms.MapPost("/login", SignInAsync).AllowAnonymous();
        forms.MapPost("/password", ChangePasswordAsync).AllowAnonymous();
        forms.MapPost("/logout", SignOutAsync);
        // Any caller with credentials, an ingest-only key too: it tells a program which key it is using.
        app.MapGet("/api/auth/me", Me).WithTags("Auth").RequireAuthorization(policy => policy.RequireAuthenticatedUser());
        return app;
    }

    public static async Task<RedirectHttpResult> SignInAsync(HttpContext context, UserService users, IOptions<AuthOptions> options,
        [FromForm] string? name, [FromForm] string? password, [FromForm] string? returnUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(users);
        var target = LocalReturnUrl.Sanitize(returnUrl);
        if (options.Value.Mode == AuthMode.None)
        {
            return TypedResults.Redirect(target);
        }

        var result = await users.SignInAsync(name, password, cancellationToken);
        switch (result.Status)
        {
            case SignInStatus.Succeeded:
                await SignInCookieAsync(context, result);
                return TypedResults.Redirect(target);
            case SignInStatus.MustChangePassword:
                return TypedResults.Redirect($"/account/password?required=true&name={Uri.EscapeDataString(name ?? "")}&returnUrl={Uri.EscapeDataString(target)}");
            default:
                return TypedResults.Redirect($"/login?{Problem(result)}&name={Uri.EscapeDataString(name ?? "")}&returnUrl={Uri.EscapeDataString(target)}");
        }
    }

    public static async Task<RedirectHttpResult> ChangePasswordAsync(HttpContext context, UserService users,
        [FromForm] string? name, [FromForm] string? currentPassword, [FromForm] string? newPassword, [FromForm] string? confirmPassword,
        [FromForm] string? returnUrl, [FromForm] bool? required, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(users);
        var target = LocalReturnUrl.Sanitize(returnUrl);
        var back = $"/account/password?required={(required == true ? "true" : "false")}&name={Uri.EscapeDataString(name ?? "")}&returnUrl={Uri.EscapeDataString(target)}";
        if (newPassword != confirmPassword)
        {
            return TypedResults.Redirect($"{back}&error=mismatch");
        }

        var result = await users.ChangePasswordAsync(name, currentPassword, newPassword, cancellationToken);
        if (result.Status != SignInStatus.Succeeded)
        {
            return TypedResults.Redirect($"{back}&{Problem(result)}");
        }

        await SignInCookieAsync(context, result);
        return TypedResults.Redirect(target);
    }

    public static async Task<Results<RedirectHttpResult, BadRequest<ApiError>>> SignOutAsync(HttpContext context, UserService users, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(antiforgery);
        // No form fields are bound here, so nothing else enforces the token: another site must not sign anyone out.
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return TypedResults.BadRequest(new ApiError("the sign-out form's antiforgery token is missing or invalid; reload the page"));
        }

        await users.EndSessionAsync(context.User, cancellationToken);
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.Redirect("/login?signedOut=true");
    }

    public static Ok<CallerResponse> Me(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return TypedResults.Ok(CallerResponse.From(context.User));
    }

    private static Task SignInCookieAsync(HttpContext context, SignInResult result) =>
        context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, result.Principal!, new AuthenticationProperties { IsPersistent = false });

    private static string Problem(SignInResult result) => result switch
    {
        { Error: { } error } => $"error=weak&reason={Uri.EscapeDataString(error)}",
        { Status: SignInStatus.LockedOut, LockedUntilUtc: { } until } =>
            $"error=locked&until={new DateTimeOffset(until, TimeSpan.Zero).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}",
        { Status: SignInStatus.Disabled } => "error=disabled",
        _ => "error=invalid",
    };
}
