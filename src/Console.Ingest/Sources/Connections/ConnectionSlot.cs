using System.Net;

namespace Console.Ingest.Sources.Connections;

/// <summary>An admitted connection's place in a <see cref="ConnectionLimiter"/>; disposing it (once or more) frees the place.</summary>
public sealed class ConnectionSlot : IDisposable
{
    private readonly ConnectionLimiter _limiter;
    private int _released;

    internal ConnectionSlot(ConnectionLimiter limiter, IPAddress client)
    {
        _limiter = limiter;
        Client = client;
    }

    public IPAddress Client { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _limiter.Release(Client);
        }
    }
}
