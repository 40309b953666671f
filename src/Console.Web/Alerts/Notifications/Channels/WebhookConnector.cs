using System.Net;
using System.Net.Sockets;

namespace Console.Web.Alerts.Notifications.Channels;

/// <summary>
/// The webhook client's <see cref="SocketsHttpHandler.ConnectCallback"/>: resolves the host itself and connects only to
/// addresses <see cref="WebhookAddressPolicy"/> accepts, checking the very address each socket connects to. So a name
/// that resolves to a private address (DNS rebinding included) is refused at the moment of connecting, whatever it
/// resolved to when the channel was saved, and so is every connection a request makes.
/// </summary>
public sealed class WebhookConnector(WebhookAddressPolicy policy)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var host = context.DnsEndPoint.Host;
        var port = context.DnsEndPoint.Port;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);

        string? refusal = null;
        Exception? failure = null;
        foreach (var address in addresses)
        {
            if (policy.WhyRefused(host, address) is { } kind)
            {
                refusal ??= host == address.ToString()
                    ? $"{address} is {kind}"
                    : $"{host} resolves to {address}, {kind}";
                continue;
            }

            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                socket.Dispose();
                if (e is OperationCanceledException)
                {
                    throw;
                }

                failure = e;
            }
        }

        if (failure is not null)
        {
            throw failure;
        }

        if (refusal is not null)
        {
            throw new WebhookDestinationRefusedException(
                $"refused to connect: {refusal}; webhooks may not reach loopback, link-local, private, unspecified or metadata addresses unless {WebhookOptions.Section}:AllowedHosts lists the host");
        }

        throw new SocketException((int)SocketError.HostNotFound);
    }
}
