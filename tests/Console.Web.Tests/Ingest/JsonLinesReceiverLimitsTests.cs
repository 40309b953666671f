using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Console.Ingest.Sources.JsonLines;
using Console.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Console.Web.Tests.Ingest;

/// <summary>
/// Port 5000's limits over real sockets into the real pipeline and store: oversize, malformed and random input between
/// valid events, and connections per client and in total.
/// </summary>
public sealed class JsonLinesReceiverLimitsTests(JsonLinesReceiverLimitsTests.LimitedConsole factory) : IClassFixture<JsonLinesReceiverLimitsTests.LimitedConsole>
{
    public const int MaxEventBytes = 1024;

    private readonly HttpClient _client = factory.CreateClient();

    /// <summary>The console with small JSON-lines limits: 1 KiB events, 3 connections, 2 per client (the idle timeout is tested in Console.Ingest.Tests, JsonLinesReceiverIdleTests).</summary>
    public sealed class LimitedConsole : ConsoleFactory
    {
        public LimitedConsole()
        {
            Settings["Ingest:JsonLines:MaxEventBytes"] = MaxEventBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Settings["Ingest:JsonLines:MaxConnections"] = "3";
            Settings["Ingest:JsonLines:MaxConnectionsPerClient"] = "2";
        }
    }

    private JsonLinesReceiver Receiver => factory.Services.GetRequiredService<JsonLinesReceiver>();

    private async Task<TcpClient> ConnectAsync(string from = "127.0.0.1")
    {
        var (tcp, _) = await Receiver.BoundPorts;
        var client = new TcpClient(new IPEndPoint(IPAddress.Parse(from), 0)) { NoDelay = true };
        await client.ConnectAsync(IPAddress.Loopback, tcp);
        return client;
    }

    private Task<long> CountAsync(string q, Func<long, bool> done) => Eventually.Get(
        async () => (await _client.GetFromJsonAsync<JsonElement>($"/api/search?from=*&to=*&index=thebot-logs-*&q={Uri.EscapeDataString(q)}")).GetProperty("total").GetInt64(),
        done);

    private async Task<JsonElement> TcpStatsAsync() =>
        (await _client.GetFromJsonAsync<JsonElement>("/api/ingest/stats")).GetProperty("inputs").GetProperty(JsonLinesReceiver.TcpInput);

    // An input is listed once it has seen something; before that its counts are 0.
    private async Task<long> TcpCountAsync(string counter) =>
        (await _client.GetFromJsonAsync<JsonElement>("/api/ingest/stats")).GetProperty("inputs").TryGetProperty(JsonLinesReceiver.TcpInput, out var input)
            ? input.GetProperty(counter).GetInt64()
            : 0;

    private static string Event(string run, string message) =>
        $$"""{"@timestamp":"2026-11-23T10:00:00Z","level":"INFO","test_run":"{{run}}","message":"{{message}}"}""" + "\n";

    private static async Task<bool> ClosedByServerAsync(TcpClient client, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            return await client.GetStream().ReadAsync(new byte[16], timeout.Token) == 0;
        }
        catch (IOException)
        {
            return true; // a reset instead of a clean close
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task NoConnectionsOpenAsync() =>
        Assert.Equal(0, await Eventually.Get(() => Task.FromResult(Receiver.OpenConnections), open => open == 0, TimeSpan.FromSeconds(30)));

    [Fact]
    public async Task Oversize_malformed_and_random_input_is_rejected_and_the_valid_events_between_are_indexed()
    {
        var run = Guid.NewGuid().ToString("N");
        var rejectedBefore = await TcpCountAsync("rejected");
        using (var client = await ConnectAsync())
        {
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.UTF8.GetBytes(Event(run, "before-oversize")));

            // An oversize line sent in two parts: the decoder refuses it on the first part, and the second part (which
            // on its own would be a valid event) is the tail of that line, never a new event.
            await stream.WriteAsync(Encoding.UTF8.GetBytes("{\"message\":\"" + new string('x', MaxEventBytes * 2)));
            await Eventually.Get(() => TcpCountAsync("rejected"), n => n > rejectedBefore);
            await stream.WriteAsync(Encoding.UTF8.GetBytes(Event(run, "oversize-tail")));
            await stream.WriteAsync(Encoding.UTF8.GetBytes(Event(run, "after-oversize")));

            // Malformed lines of every kind.
            await stream.WriteAsync(Encoding.UTF8.GetBytes("{not json}\n[1,2,3]\n\"a string\"\n{}\nnull\n{\"message\":\"unterminated\n\u00ff\u00fe garbage\n"));
            await stream.WriteAsync(Encoding.UTF8.GetBytes(Event(run, "after-malformed")));

            // Random bytes (seeded, so a failure can be replayed), newlines included, then a valid event on its own line.
            var random = new Random(20261126);
            for (var i = 0; i < 20; i++)
            {
                var noise = new byte[random.Next(1, 3 * MaxEventBytes)];
                random.NextBytes(noise);
                await stream.WriteAsync(noise);
                await stream.WriteAsync(Encoding.UTF8.GetBytes("\n" + Event(run, $"after-noise-{i}")));
            }
        }

        Assert.Equal(23, await CountAsync($"test_run:{run}", n => n >= 23));
        Assert.Equal(1, await CountAsync($"test_run:{run} AND message:\"after-oversize\"", n => n >= 1));
        Assert.Equal(1, await CountAsync($"test_run:{run} AND message:\"after-noise-19\"", n => n >= 1));
        Assert.Equal(0, await CountAsync("message:\"oversize-tail\"", _ => true));
        var stats = await TcpStatsAsync();
        Assert.True(stats.GetProperty("rejected").GetInt64() >= rejectedBefore + 7, stats.ToString());
        await NoConnectionsOpenAsync();
    }

    [Fact]
    public async Task Connections_beyond_the_per_client_and_total_limits_are_refused_counted_and_the_admitted_ones_still_work()
    {
        await NoConnectionsOpenAsync();
        var refusedBefore = await TcpCountAsync("connections_refused");
        var run = Guid.NewGuid().ToString("N");
        using var first = await ConnectAsync();
        using var second = await ConnectAsync();
        await Eventually.Get(() => Task.FromResult(Receiver.OpenConnections), open => open == 2);

        using var thirdFromSameClient = await ConnectAsync();
        Assert.True(await ClosedByServerAsync(thirdFromSameClient, TimeSpan.FromSeconds(20)), "a client's third connection should be refused");

        using var otherClient = await ConnectAsync("127.0.0.2");
        await Eventually.Get(() => Task.FromResult(Receiver.OpenConnections), open => open == 3);
        using var beyondTotal = await ConnectAsync("127.0.0.3");
        Assert.True(await ClosedByServerAsync(beyondTotal, TimeSpan.FromSeconds(20)), "a fourth connection should be refused");

        foreach (var (client, name) in new[] { (first, "first"), (second, "second"), (otherClient, "other") })
        {
            await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes(Event(run, name)));
        }

        Assert.Equal(3, await CountAsync($"test_run:{run}", n => n >= 3));
        var stats = await TcpStatsAsync();
        Assert.Equal(refusedBefore + 2, stats.GetProperty("connections_refused").GetInt64());
        var reasons = stats.GetProperty("recent_rejections").EnumerateArray().Select(r => r.GetProperty("reason").GetString()).ToList();
        Assert.Contains("connection from 127.0.0.1 refused: MaxConnectionsPerClient (2) reached for that address", reasons);
        Assert.Contains("connection from 127.0.0.3 refused: MaxConnections (3) reached", reasons);
    }
}
