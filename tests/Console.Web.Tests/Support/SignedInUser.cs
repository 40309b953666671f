using System.Security.Claims;
using Console.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Console.Web.Tests.Support;

/// <summary>
/// The user of a bUnit circuit, checked with the console's real policies. <see cref="Role"/> can be lowered while a
/// page stays rendered, as an administrator would lower it while the user's page is open; null signs the user out.
/// </summary>
public sealed class SignedInUser(ConsoleRole? role) : AuthenticationStateProvider
{
    public ConsoleRole? Role { get; set; } = role;

    public override Task<AuthenticationState> GetAuthenticationStateAsync()
    {
        if (Role is not { } role)
        {
            return Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity())));
        }

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, "42"),
            new Claim(ClaimTypes.Name, $"test-{role}".ToLowerInvariant()),
            new Claim(ClaimTypes.Role, role.ToString()),
            new Claim(ConsoleClaimTypes.Kind, ConsoleClaimTypes.UserKind),
        ], "Test");
        return Task.FromResult(new AuthenticationState(new ClaimsPrincipal(identity)));
    }
}

public static class SignedInUserServices
{
    /// <summary>Registers <paramref name="role"/> as the circuit's user, the console's policies and <see cref="UserAccess"/>.</summary>
    public static SignedInUser AddSignedInUser(this IServiceCollection services, ConsoleRole? role = ConsoleRole.Admin)
    {
        var user = new SignedInUser(role);
        // bUnit registers placeholders that throw when a component asks; these are the real ones.
        services.RemoveAll<AuthenticationStateProvider>();
        services.RemoveAll<IAuthorizationService>();
        services.AddSingleton<AuthenticationStateProvider>(user);
        services.AddAuthorizationCore(ConsolePolicies.AddConsolePolicies);
        services.AddCascadingAuthenticationState();
        services.TryAdd(ServiceDescriptor.Singleton(typeof(ILogger<>), typeof(NullLogger<>)));
        services.AddScoped<UserAccess>();
        return user;
    }
}
