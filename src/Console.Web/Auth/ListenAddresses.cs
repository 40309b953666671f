using System.Net;

namespace Console.Web.Auth;

/// <summary>Where the console's HTTP server listens or will listen, and whether that is this machine only.</summary>
public static class ListenAddresses
{
    /// <summary>
    /// The addresses the settings ask for: <c>Urls</c> (also <c>ASPNETCORE_URLS</c>, <c>--urls</c>),
    /// <c>Kestrel:Endpoints:*:Url</c>, <c>HTTP_PORTS</c>/<c>HTTPS_PORTS</c> (which bind every interface). None means
    /// Kestrel's default, <c>http://localhost:5000</c>.
    /// </summary>
    public static IReadOnlyList<string> Configured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var addresses = new List<string>();
        addresses.AddRange(Split(configuration["urls"]));
        addresses.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());
        foreach (var key in new[] { "http_ports", "https_ports" })
        {
            addresses.AddRange(Split(configuration[key]).Select(port => $"http://*:{port}"));
        }

        return addresses.Count > 0 ? addresses : ["http://localhost:5000"];
    }

    /// <summary>Whether only this machine can reach <paramref name="address"/>: 127.0.0.0/8, ::1, <c>localhost</c> or a Unix socket.</summary>
    public static bool IsLoopback(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        BindingAddress parsed;
        try
        {
            parsed = BindingAddress.Parse(address);
        }
        catch (FormatException)
        {
            return false;
        }

        if (parsed.IsUnixPipe)
        {
            return true;
        }

        var host = parsed.Host.Trim('[', ']');
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    private static string[] Split(string? list) =>
        (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
