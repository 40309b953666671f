using System.Globalization;
using System.Net;

namespace Console.Ingest.Sources.Connections;

/// <summary>
/// Admits TCP connections to one receiver up to a total and up to a number per client address, so one sender (a
/// runaway script, a port scanner) cannot take every slot from the others. Thread-safe; each admitted connection holds
/// a <see cref="ConnectionSlot"/> until it closes.
/// </summary>
public sealed class ConnectionLimiter
{
    private readonly Dictionary<IPAddress, int> _perClient = [];
    private readonly Lock _lock = new();
    private int _open;

    public ConnectionLimiter(int maxConnections, int maxConnectionsPerClient)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConnections, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConnectionsPerClient, 1);
        MaxConnections = maxConnections;
        MaxConnectionsPerClient = maxConnectionsPerClient;
    }

    public int MaxConnections { get; }

    public int MaxConnectionsPerClient { get; }

    /// <summary>Connections admitted and not yet released.</summary>
    public int Open
    {
        get
        {
            lock (_lock)
            {
                return _open;
            }
        }
    }

    /// <summary>Open connections from one client address.</summary>
    public int OpenFrom(IPAddress client)
    {
        lock (_lock)
        {
            return _perClient.GetValueOrDefault(Normalize(client));
        }
    }

    /// <summary>A slot for a connection from <paramref name="remote"/>, or null with the reason it is refused.</summary>
    public ConnectionSlot? TryAdmit(EndPoint? remote, out string? refusal)
    {
        // A connection whose address cannot be read (a Unix socket, a connection already reset) shares one bucket.
        var client = remote is IPEndPoint ip ? Normalize(ip.Address) : IPAddress.None;
        lock (_lock)
        {
            if (_open >= MaxConnections)
            {
                refusal = string.Create(CultureInfo.InvariantCulture,
                    $"connection from {client} refused: MaxConnections ({MaxConnections}) reached");
                return null;
            }

            var fromClient = _perClient.GetValueOrDefault(client);
            if (fromClient >= MaxConnectionsPerClient)
            {
                refusal = string.Create(CultureInfo.InvariantCulture,
                    $"connection from {client} refused: MaxConnectionsPerClient ({MaxConnectionsPerClient}) reached for that address");
                return null;
            }

            _perClient[client] = fromClient + 1;
            _open++;
        }

        refusal = null;
        return new ConnectionSlot(this, client);
    }

    internal void Release(IPAddress client)
    {
        lock (_lock)
        {
            _open--;
            if (_perClient.TryGetValue(client, out var count) && count > 1)
            {
                _perClient[client] = count - 1;
            }
            else
            {
                _perClient.Remove(client);
            }
        }
    }

    // IPv4 clients of a dual-mode socket arrive as ::ffff:a.b.c.d; they are the same client as a.b.c.d.
    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
