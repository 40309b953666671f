using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Console.Web.Auth;

/// <summary>
/// What Program.cs runs around the host's start: <c>Auth:Mode=None</c> is refused unless every HTTP address is
/// loopback (checked on the settings before start and on the bound addresses after it; requests wait for the second
/// check), and on first run the administrator is created. Each refusal is one log line and exit code 1.
/// </summary>
public sealed class AuthStartupCheck(IOptions<AuthOptions> options, UserService users, ILogger<AuthStartupCheck> logger)
{
    private volatile bool _addressesChecked;

    /// <summary>Before start: the settings' addresses, and the first administrator. False when the start must end.</summary>
    public async Task<bool> TryPrepareAsync(IConfiguration configuration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        try
        {
            _ = options.Value;
        }
        catch (OptionsValidationException ex)
        {
            logger.LogCritical("Bad setting: {Problem}", ex.Message);
            return false;
        }

        if (options.Value.Mode == AuthMode.None)
        {
            return RefuseNonLoopback(ListenAddresses.Configured(configuration));
        }

        string? generated;
        try
        {
            generated = await users.EnsureAdministratorAsync(configuration[AuthOptions.AdminPasswordVariable], cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            logger.LogCritical("Cannot create the first administrator: {Problem}", ex.Message);
            return false;
        }

        if (generated is not null)
        {
            // Standard output only, never through the logger: log files and shipped logs must not hold passwords.
            var name = options.Value.AdminUserName;
            System.Console.Out.WriteLine($"""

                ==================================================================================
                  First run: sign in as '{name}' with the one-time password   {generated}
                  You will choose your own password at the first sign-in. Until then, each start
                  prints a new one. Set {AuthOptions.AdminPasswordVariable} to choose it instead.
                ==================================================================================

                """);
            System.Console.Out.Flush();
            logger.LogWarning("First run: created the administrator '{User}' with a one-time password, printed on standard output (not logged)", name);
        }

        return true;
    }

    /// <summary>After start: the addresses the server really bound. False when the host must stop.</summary>
    public bool CheckBoundAddresses(IServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var ok = options.Value.Mode != AuthMode.None
            || RefuseNonLoopback(server.Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? []);
        _addressesChecked = ok;
        return ok;
    }

    /// <summary>With sign-in off, requests wait with 503 until the bound addresses were found to be loopback.</summary>
    public bool AcceptsRequests => options.Value.Mode != AuthMode.None || _addressesChecked;

    private bool RefuseNonLoopback(IReadOnlyList<string> addresses)
    {
        var open = addresses.Where(a => !ListenAddresses.IsLoopback(a)).ToList();
        if (open.Count == 0)
        {
            logger.LogWarning("Sign-in is off (Auth:Mode=None): anyone on this machine who reaches {Addresses} is an administrator", string.Join(", ", addresses));
            return true;
        }

        logger.LogCritical("Auth:Mode=None is only allowed on loopback addresses, but the console would listen on {Addresses}; bind 127.0.0.1 or turn sign-in on (remove Auth:Mode)",
            string.Join(", ", open));
        return false;
    }
}
