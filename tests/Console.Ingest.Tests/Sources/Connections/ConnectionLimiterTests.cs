using System.Net;
using Console.Ingest.Sources.Connections;

namespace Console.Ingest.Tests.Sources.Connections;

public class ConnectionLimiterTests
{
    private static IPEndPoint From(string address, int port = 40000) => new(IPAddress.Parse(address), port);

    [Fact]
    public void A_client_gets_at_most_its_share_while_others_still_get_in()
    {
        var limiter = new ConnectionLimiter(maxConnections: 10, maxConnectionsPerClient: 2);

        var first = limiter.TryAdmit(From("10.0.0.1", 1), out _);
        var second = limiter.TryAdmit(From("10.0.0.1", 2), out _);
        var third = limiter.TryAdmit(From("10.0.0.1", 3), out var refusal);
        var other = limiter.TryAdmit(From("10.0.0.2"), out _);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(third);
        Assert.Equal("connection from 10.0.0.1 refused: MaxConnectionsPerClient (2) reached for that address", refusal);
        Assert.NotNull(other);
        Assert.Equal(3, limiter.Open);
        Assert.Equal(2, limiter.OpenFrom(IPAddress.Parse("10.0.0.1")));
    }

    [Fact]
    public void The_total_limit_refuses_every_client_until_a_slot_is_released()
    {
        var limiter = new ConnectionLimiter(maxConnections: 2, maxConnectionsPerClient: 2);
        var a = limiter.TryAdmit(From("10.0.0.1"), out _)!;
        var b = limiter.TryAdmit(From("10.0.0.2"), out _)!;

        Assert.Null(limiter.TryAdmit(From("10.0.0.3"), out var refusal));
        Assert.Equal("connection from 10.0.0.3 refused: MaxConnections (2) reached", refusal);

        a.Dispose();
        a.Dispose(); // a second dispose frees nothing more
        Assert.Equal(1, limiter.Open);
        var c = limiter.TryAdmit(From("10.0.0.3"), out _);
        Assert.NotNull(c);
        Assert.Null(limiter.TryAdmit(From("10.0.0.4"), out _));
        b.Dispose();
        c.Dispose();
        Assert.Equal(0, limiter.Open);
        Assert.Equal(0, limiter.OpenFrom(IPAddress.Parse("10.0.0.1")));
    }

    [Fact]
    public void An_ipv4_client_on_a_dual_mode_socket_is_the_same_client()
    {
        var limiter = new ConnectionLimiter(maxConnections: 10, maxConnectionsPerClient: 1);
        using var plain = limiter.TryAdmit(From("192.0.2.7"), out _);

        Assert.NotNull(plain);
        Assert.Null(limiter.TryAdmit(new IPEndPoint(IPAddress.Parse("192.0.2.7").MapToIPv6(), 5), out var refusal));
        Assert.Contains("from 192.0.2.7 refused", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_admits_and_releases_never_exceed_the_limits()
    {
        var limiter = new ConnectionLimiter(maxConnections: 8, maxConnectionsPerClient: 3);
        var peak = 0;
        var peakLock = new Lock();
        await Parallel.ForAsync(0, 2000, async (i, token) =>
        {
            using var slot = limiter.TryAdmit(From($"10.0.0.{i % 5}", i), out _);
            if (slot is not null)
            {
                Assert.InRange(limiter.OpenFrom(slot.Client), 1, 3);
                lock (peakLock)
                {
                    peak = Math.Max(peak, limiter.Open);
                }

                await Task.Yield();
            }
        });

        Assert.InRange(peak, 1, 8);
        Assert.Equal(0, limiter.Open);
    }
}
