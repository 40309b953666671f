using Console.Shared.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Console.Web.Auth;

public static class AuthExtensions
{
    /// <summary>The scheme every request is authenticated with; it hands over to the cookie, the API key or (sign-in off) the local administrator.</summary>
    public const string ConsoleScheme = "Console";

    /// <summary>Users, sessions, API keys, the authentication schemes, the policies and the hub and circuit re-checks.</summary>
    public static IServiceCollection AddConsoleAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SessionValidator>();
        services.AddSingleton<UserService>();
        services.AddSingleton<ApiKeyService>();
        services.AddSingleton<IApiKeyValidator>(sp => sp.GetRequiredService<ApiKeyService>());
        services.AddSingleton<AuthStartupCheck>();
        services.AddSingleton<HubConnectionWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<HubConnectionWatcher>());
        services.Configure<HubOptions>(hubs => hubs.AddFilter<HubSessionFilter>());
        services.AddSingleton<HubSessionFilter>();

        services.AddAuthentication(ConsoleScheme)
            .AddPolicyScheme(ConsoleScheme, "Console", scheme => scheme.ForwardDefaultSelector = context =>
                context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.Mode == AuthMode.None ? NoAuthenticationHandler.SchemeName
                : ApiKeyAuthenticationHandler.CarriesKey(context.Request) ? ApiKeyAuthenticationHandler.SchemeName
                : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, cookie =>
            {
                cookie.Cookie.Name = ".console.session";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.LoginPath = "/login";
                cookie.AccessDeniedPath = "/access-denied";
                cookie.ReturnUrlParameter = "returnUrl";
                cookie.SlidingExpiration = false;
                cookie.Events.OnValidatePrincipal = async context =>
                {
                    var sessions = context.HttpContext.RequestServices.GetRequiredService<SessionValidator>();
                    if (context.Principal is null || !await sessions.IsValidAsync(context.Principal, context.HttpContext.RequestAborted))
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                    }
                };
                // Pages redirect to the login page; API clients and hubs get a plain 401/403.
                cookie.Events.OnRedirectToLogin = context => Answer(context, StatusCodes.Status401Unauthorized);
                cookie.Events.OnRedirectToAccessDenied = context => Answer(context, StatusCodes.Status403Forbidden);
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, NoAuthenticationHandler>(NoAuthenticationHandler.SchemeName, null);
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((cookie, auth) => cookie.ExpireTimeSpan = auth.Value.SessionLifetime);

        services.AddAuthorization(ConsolePolicies.AddConsolePolicies);
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, ConsoleAuthenticationStateProvider>();
        services.AddScoped<UserAccess>();

        // HttpClient's own logging writes each request's URL at Information: a Slack or webhook URL is itself a secret.
        services.ConfigureHttpClientDefaults(http => http.RemoveAllLoggers());

        // Cookie and antiforgery keys live with the data, so a restart keeps everyone signed in.
        services.AddDataProtection();
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<StorageOptions>, ILoggerFactory>((keys, storage, logs) =>
            keys.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(Path.GetFullPath(storage.Value.DataPath), "keys")), logs));
        return services;
    }

    /// <summary>A browser asking for a page (GET, wants HTML, not an API or hub path).</summary>
    public static bool IsPageRequest(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase)
            && !request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            && !request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase)
            && !request.Path.StartsWithSegments("/_blazor", StringComparison.OrdinalIgnoreCase);
    }

    private static Task Answer(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (IsPageRequest(context.Request))
        {
            context.Response.Redirect(context.RedirectUri);
        }
        else
        {
            context.Response.StatusCode = status;
        }

        return Task.CompletedTask;
    }
}
