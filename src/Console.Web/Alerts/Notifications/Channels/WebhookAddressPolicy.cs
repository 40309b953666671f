using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Console.Web.Alerts.Notifications.Channels;

/// <summary>
/// Which addresses a webhook may connect to: not this machine, its link-local or private networks, the unspecified
/// address or a cloud metadata service (so a channel cannot be used to probe the console's own network, SSRF), unless
/// <see cref="WebhookOptions.AllowedHosts"/> lists the host, the address or its network.
/// </summary>
public sealed class WebhookAddressPolicy(IOptionsMonitor<WebhookOptions> options)
{
    private static readonly (IPNetwork Network, string Kind)[] Refused =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "an unspecified (\"this network\") address"),
        (IPNetwork.Parse("127.0.0.0/8"), "a loopback address"),
        (IPNetwork.Parse("169.254.169.254/32"), "the cloud metadata address"),
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local address"),
        (IPNetwork.Parse("10.0.0.0/8"), "a private address"),
        (IPNetwork.Parse("172.16.0.0/12"), "a private address"),
        (IPNetwork.Parse("192.168.0.0/16"), "a private address"),
        // Carrier-grade NAT space; also where Alibaba Cloud's metadata service (100.100.100.200) lives.
        (IPNetwork.Parse("100.64.0.0/10"), "a shared (carrier-grade NAT) address"),
        (IPNetwork.Parse("192.0.0.0/24"), "an IETF protocol assignment address"),
        (IPNetwork.Parse("198.18.0.0/15"), "a benchmarking address"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast address"),
        (IPNetwork.Parse("240.0.0.0/4"), "a reserved address"),
        (IPNetwork.Parse("::/128"), "the unspecified address"),
        (IPNetwork.Parse("::1/128"), "a loopback address"),
        (IPNetwork.Parse("fd00:ec2::254/128"), "the cloud metadata address"),
        (IPNetwork.Parse("fe80::/10"), "a link-local address"),
        (IPNetwork.Parse("fec0::/10"), "a site-local (private) address"),
        (IPNetwork.Parse("fc00::/7"), "a private (unique local) address"),
        (IPNetwork.Parse("ff00::/8"), "a multicast address"),
    ];

    // IPv6 forms that carry an IPv4 address: IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d).
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    /// <summary>Why a connection to <paramref name="address"/> for <paramref name="host"/> is refused, or null when it may go ahead.</summary>
    public string? WhyRefused(string host, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (IsAllowed(host, address))
        {
            return null;
        }

        return Classify(address);
    }

    /// <summary>The kind of refused address <paramref name="address"/> is ("a loopback address"), or null for a public one.</summary>
    public static string? Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var effective = Embedded(address);
        foreach (var (network, kind) in Refused)
        {
            if (network.BaseAddress.AddressFamily == effective.AddressFamily && network.Contains(effective))
            {
                return kind;
            }
        }

        return effective.Equals(IPAddress.Broadcast) ? "the broadcast address" : null;
    }

    private bool IsAllowed(string host, IPAddress address)
    {
        var effective = Embedded(address);
        foreach (var raw in options.CurrentValue.AllowedHosts)
        {
            var entry = raw.Trim();
            if (entry.Contains('/', StringComparison.Ordinal))
            {
                if (IPNetwork.TryParse(entry, out var network) && network.BaseAddress.AddressFamily == effective.AddressFamily && network.Contains(effective))
                {
                    return true;
                }
            }
            else if (IPAddress.TryParse(entry.Trim('[', ']'), out var allowed))
            {
                if (Embedded(allowed).Equals(effective))
                {
                    return true;
                }
            }
            else if (string.Equals(entry.TrimEnd('.'), host.TrimEnd('.'), StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static IPAddress Embedded(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6 && Nat64.Contains(address))
        {
            return new IPAddress(address.GetAddressBytes()[12..]);
        }

        return address;
    }
}
