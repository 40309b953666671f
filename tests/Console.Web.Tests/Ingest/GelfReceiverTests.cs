using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Console.Ingest.Sources.Gelf;
using Console.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Console.Web.Tests.Ingest;

/// <summary>GELF on UDP and TCP, from gelf-pro (npm) in Node.js and from hand-made datagrams and frames, found again by query.</summary>
public class GelfReceiverTests(ReceiverConsole console) : IClassFixture<ReceiverConsole>
{
    // Chunked message ids of this run, so a rerun against the same console never completes an old run's chunks.
    private static readonly ulong RunId = (ulong)Random.Shared.NextInt64() << 8;

    private GelfReceiver Receiver => console.Services.GetRequiredService<GelfReceiver>();

    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task Gelf_pro_from_node_ships_records_that_are_found_by_query(string transport)
    {
        var marker = Guid.NewGuid().ToString("N");
        var port = transport == "udp" ? Receiver.UdpEndpoint!.Port : Receiver.TcpEndpoint!.Port;
        await RunNodeAsync(transport, port, marker);

        var hits = await console.SearchAsync($"marker:{marker}", 3);
        Assert.Equal(3, hits.GetProperty("total").GetInt64());

        var info = (await console.SearchAsync($"marker:{marker} AND log_level:INFO", 1)).GetProperty("hits")[0].GetProperty("_source");
        Assert.Equal($"gelf-pro {transport} info {marker}", info.GetProperty("message").GetString());
        Assert.Equal("thebot-node", info.GetProperty("facility").GetString());
        Assert.Equal($"req-{marker}", info.GetProperty("request_id").GetString());
        Assert.Equal(12.5, info.GetProperty("duration_ms").GetDouble());
        Assert.Equal(42, info.GetProperty("user_id").GetInt32()); // gelf-pro flattens {user: {id}} to _user_id
        Assert.Equal(System.Net.Dns.GetHostName(), info.GetProperty("host").GetProperty("name").GetString());

        var error = (await console.SearchAsync($"marker:{marker} AND log_level:ERROR", 1)).GetProperty("hits")[0].GetProperty("_source");
        Assert.StartsWith($"Error: boom {marker}", error.GetProperty("full_message").GetString(), StringComparison.Ordinal);

        // The long record took several UDP chunks (gelf-pro deflates, then chunks at 1388 bytes).
        var warning = (await console.SearchAsync($"marker:{marker} AND log_level:WARNING", 1)).GetProperty("hits")[0].GetProperty("_source");
        Assert.Equal(12_000, warning.GetProperty("payload").GetString()!.Length);

        var stats = await console.InputStatsAsync(transport == "udp" ? GelfReceiver.UdpInput : GelfReceiver.TcpInput);
        Assert.True(stats.GetProperty("parsed").GetInt64() >= 3);
    }

    [Fact]
    public async Task Truncated_chunks_oversize_and_broken_udp_messages_are_rejected_and_counted_while_the_valid_ones_between_are_indexed()
    {
        var marker = Guid.NewGuid().ToString("N");
        var udp = Receiver.UdpEndpoint!;
        using var client = new UdpClient();
        client.Connect(udp);

        await client.SendAsync(Gelf(marker, "plain one", 6));
        // Two chunks announced, only the first sent: dropped once ChunkTimeout (0.5 s here) passes.
        var truncated = Zlib(Gelf(marker, "never complete", 3));
        await client.SendAsync(Chunk(1, 0, 2, truncated[..(truncated.Length / 2)]));
        await client.SendAsync(new byte[] { 0x1e, 0x0f, 1, 2, 3 }); // a chunk cut inside its header
        await client.SendAsync(Chunk(2, 0, 200, [1, 2, 3])); // more chunks than GELF allows
        await client.SendAsync(Gzip(Gelf(marker, "gzip two", 4)));
        await client.SendAsync(Gelf(marker, new string('z', ReceiverConsole.GelfMaxMessageBytes), 6)); // oversize
        await client.SendAsync(Encoding.UTF8.GetBytes("{\"short_message\": oops"));
        await client.SendAsync(Encoding.UTF8.GetBytes($$"""{"version":"1.1","host":"x","_marker":"{{marker}}"}""")); // no short_message
        var chunked = Gzip(Gelf(marker, "chunked three " + new string('c', 3000), 3));
        var third = chunked.Length / 3;
        // Out of order, one duplicate: reassembly goes by sequence number.
        await client.SendAsync(Chunk(3, 2, 3, chunked[(2 * third)..]));
        await client.SendAsync(Chunk(3, 0, 3, chunked[..third]));
        await client.SendAsync(Chunk(3, 0, 3, chunked[..third]));
        await client.SendAsync(Chunk(3, 1, 3, chunked[third..(2 * third)]));
        await client.SendAsync(Zlib(Gelf(marker, "zlib four", 7)));

        var hits = await console.SearchAsync($"marker:{marker}", 4);
        Assert.Equal(4, hits.GetProperty("total").GetInt64());
        Assert.Equal(1, (await console.SearchAsync($"marker:{marker} AND message:plain AND log_level:INFO", 1)).GetProperty("total").GetInt64());
        Assert.Equal(1, (await console.SearchAsync($"marker:{marker} AND message:gzip AND log_level:WARNING", 1)).GetProperty("total").GetInt64());
        Assert.Equal(1, (await console.SearchAsync($"marker:{marker} AND message:chunked AND log_level:ERROR", 1)).GetProperty("total").GetInt64());
        Assert.Equal(1, (await console.SearchAsync($"marker:{marker} AND message:zlib AND log_level:DEBUG", 1)).GetProperty("total").GetInt64());

        var reasons = await Eventually.Get(
            async () => (await console.InputStatsAsync(GelfReceiver.UdpInput)).GetProperty("recent_rejections").EnumerateArray()
                .Select(r => r.GetProperty("reason").GetString()!).ToList(),
            list => list.Any(r => r.Contains("incomplete after ChunkTimeout", StringComparison.Ordinal)));
        Assert.Contains(reasons, r => r.Contains("incomplete after ChunkTimeout", StringComparison.Ordinal) && r.Contains("1 of 2 chunks", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("shorter than the 12-byte chunk header", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("announces 200 chunks", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("longer than MaxMessageBytes", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("invalid JSON", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("short_message is required", StringComparison.Ordinal));
        Assert.Equal(0, Receiver.PendingChunkedMessages);
    }

    [Fact]
    public async Task Tcp_frames_over_the_limit_are_skipped_to_their_nul_and_the_frames_around_them_are_indexed()
    {
        var marker = Guid.NewGuid().ToString("N");
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(Receiver.TcpEndpoint!);
            var stream = client.GetStream();
            await stream.WriteAsync(Frame(Gelf(marker, "tcp before", 5)));
            await stream.WriteAsync(Frame(Gelf(marker, new string('o', ReceiverConsole.GelfMaxMessageBytes * 2), 5)));
            await stream.WriteAsync(Frame(Encoding.UTF8.GetBytes("not json at all")));
            await stream.WriteAsync(Frame(Encoding.UTF8.GetBytes($$"""{"version":"1.1","host":"db-1","short_message":"tcp after {{marker}}","level":2,"_marker":"{{marker}}","_id":"refused","timestamp":1764115200.25}""")));
        }

        Assert.Equal(2, (await console.SearchAsync($"marker:{marker}", 2)).GetProperty("total").GetInt64());
        var after = (await console.SearchAsync($"marker:{marker} AND message:after", 1)).GetProperty("hits")[0].GetProperty("_source");
        Assert.Equal("CRITICAL", after.GetProperty("log_level").GetString());
        Assert.Equal("db-1", after.GetProperty("host").GetProperty("name").GetString());
        Assert.Equal("2025-11-26T00:00:00.250Z", after.GetProperty("@timestamp").GetString());
        Assert.False(after.TryGetProperty("id", out _)); // _id is never a field, as in Graylog

        var reasons = (await console.InputStatsAsync(GelfReceiver.TcpInput)).GetProperty("recent_rejections").EnumerateArray()
            .Select(r => r.GetProperty("reason").GetString()!).ToList();
        Assert.Contains(reasons, r => r.Contains("longer than MaxMessageBytes", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("invalid JSON", StringComparison.Ordinal));
    }

    private static async Task RunNodeAsync(string transport, int port, string marker)
    {
        const string node = "/usr/bin/node";
        Assert.True(File.Exists(node), $"{node} is missing: install the Debian packages 'nodejs' and 'npm' (./test.sh does)");
        var clients = Path.Combine(RepositoryRoot(), "tests", "clients", "node");
        Assert.True(Directory.Exists(Path.Combine(clients, "node_modules", "gelf-pro")),
            $"gelf-pro is not installed in {clients}: run ./test.sh, or `npm install` there");
        var start = new ProcessStartInfo(node) { WorkingDirectory = clients, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "send-gelf.js", transport, "127.0.0.1", port.ToString(System.Globalization.CultureInfo.InvariantCulture), marker })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"node send-gelf.js failed: {await stderr}{await stdout}");
    }

    private static byte[] Gelf(string marker, string message, int level) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["version"] = "1.1",
        ["host"] = "gelf-test",
        ["short_message"] = $"{message} {marker}",
        ["level"] = level,
        ["_marker"] = marker,
    }));

    private static byte[] Frame(byte[] message) => [.. message, 0];

    private static byte[] Chunk(ulong id, byte sequence, byte count, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        chunk[0] = 0x1e;
        chunk[1] = 0x0f;
        BinaryPrimitives.WriteUInt64BigEndian(chunk.AsSpan(2), RunId | id);
        chunk[10] = sequence;
        chunk[11] = count;
        data.CopyTo(chunk, 12);
        return chunk;
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Zlib(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Console.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Console.sln not found above " + AppContext.BaseDirectory);
    }
}
