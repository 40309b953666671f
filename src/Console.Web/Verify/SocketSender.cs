using System.Net;
using System.Net.Sockets;

namespace Console.Web.Verify;

/// <summary>The socket side of <c>verify</c>: connecting to and sending to the TCP and UDP receivers.</summary>
internal static class SocketSender
{
    /// <summary>How long a UDP send waits for an ICMP port-unreachable, the only sign UDP gives of a closed port.</summary>
    public static readonly TimeSpan RefusalWait = TimeSpan.FromMilliseconds(250);

    /// <summary>Opens a TCP connection, writes <paramref name="payload"/> (nothing when empty) and closes it gracefully.</summary>
    public static async Task SendTcpAsync(string host, int port, ReadOnlyMemory<byte> payload, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(host, port, limit.Token);
            if (!payload.IsEmpty)
            {
                await socket.SendAsync(payload, SocketFlags.None, limit.Token);
            }

            // FIN rather than RST, so the receiver reads every byte before it sees the end.
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{host}:{port}: no TCP connection within {timeout.TotalSeconds:0.###} s");
        }
        catch (SocketException ex)
        {
            throw new SocketException((int)ex.SocketErrorCode, $"{host}:{port}: {ex.Message}");
        }
    }

    /// <summary>
    /// Sends one datagram (an empty one is ignored by both receivers) and, when <paramref name="waitForRefusal"/>, waits
    /// <see cref="RefusalWait"/> for the host to answer that nothing listens there, which throws <see cref="SocketException"/>.
    /// </summary>
    public static async Task SendUdpAsync(string host, int port, ReadOnlyMemory<byte> payload, bool waitForRefusal, CancellationToken cancellationToken)
    {
        var address = await ResolveAsync(host, cancellationToken);
        using var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        // Connected, so the kernel hands an ICMP port-unreachable for this peer to this socket as ECONNREFUSED.
        await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken);
        await socket.SendAsync(payload, SocketFlags.None, cancellationToken);
        if (!waitForRefusal)
        {
            return;
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(RefusalWait);
        try
        {
            await socket.ReceiveAsync(new byte[1], SocketFlags.None, wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Silence is all a listening UDP port ever answers.
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
        {
            throw new SocketException((int)ex.SocketErrorCode, $"{host}:{port}: port unreachable (ICMP): nothing listens for UDP there");
        }
    }

    private static async Task<IPAddress> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host, out var address))
        {
            return address;
        }

        var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new SocketException((int)SocketError.HostNotFound);
    }
}
