using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Console.Web.Tests.Faults.Io;
using Xunit.Abstractions;

namespace Console.Web.Tests.Faults.Receivers;

/// <summary>
/// Each receiver is fed random and malformed input with valid events interleaved (2 MiB each by default;
/// CONSOLE_FAULT_RECEIVER_MIB=1024 for the long form): the console does not crash, its resident memory stays within a
/// bound of where it started, every valid event is indexed exactly once, and the rejections are counted in
/// <c>/api/ingest/stats</c>.
/// </summary>
[Trait("Category", "Faults")]
public sealed class MalformedInputTests(ReceiverConsoleFixture fixture, ITestOutputHelper output) : IClassFixture<ReceiverConsoleFixture>
{
    private const int OversizeTcp = (1024 * 1024) + 16;
    private const int OversizeUdp = 60_000;

    private static readonly long BytesPerReceiver =
        long.Parse(Environment.GetEnvironmentVariable("CONSOLE_FAULT_RECEIVER_MIB") ?? "2", CultureInfo.InvariantCulture) * 1024 * 1024;

    /// <summary>
    /// Growth allowed over the run of one receiver in the memory the process holds (not counting the index files it maps,
    /// see <see cref="FaultConsole.PrivateResidentBytes"/>); the queue bounds what waits in memory.
    /// </summary>
    private static readonly long MaxGrowthBytes =
        long.Parse(Environment.GetEnvironmentVariable("CONSOLE_FAULT_RSS_GROWTH_MIB") ?? "512", CultureInfo.InvariantCulture) * 1024 * 1024;

    private FaultConsole Console => fixture.Console;

    [Theory]
    [InlineData("tcp-json", true)]
    [InlineData("udp-json", true)]
    [InlineData("syslog-tcp", false)]
    [InlineData("syslog-udp", false)]
    [InlineData("gelf-tcp", true)]
    [InlineData("gelf-udp", true)]
    [InlineData("http-ndjson", true)]
    [InlineData("otlp-http", true)]
    [InlineData("clef-http", true)]
    public async Task Random_and_malformed_input_neither_crashes_nor_grows_memory_and_every_valid_event_is_indexed(string input, bool rejectsGarbage)
    {
        var marker = "m" + Guid.NewGuid().ToString("N");
        using var client = Console.CreateClient();
        var rejectedBefore = await CountersAsync(client, input);
        var baseline = Console.PrivateResidentBytes();
        long peak = baseline;
        var residentBaseline = Console.ResidentBytes();
        long residentPeak = residentBaseline;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, Console.PrivateResidentBytes());
                residentPeak = Math.Max(residentPeak, Console.ResidentBytes());
                await Task.Delay(100, CancellationToken.None);
            }
        });

        // A seed stable across runs (string.GetHashCode is not), so a failure can be replayed.
        var garbage = new MalformedInput(seed: input.Aggregate(17, (hash, c) => unchecked((hash * 31) + c)));
        int valid;
        long sent;
        try
        {
            (valid, sent) = input switch
            {
                "tcp-json" => await StreamAsync(Console.JsonPort, garbage, (byte)'\n', OversizeTcp, seq => Json(marker, seq)),
                "syslog-tcp" => await StreamAsync(Console.SyslogPort, garbage, (byte)'\n', 70_000, seq => Syslog(marker, seq)),
                "gelf-tcp" => await StreamAsync(Console.GelfPort, garbage, 0, OversizeTcp, seq => Gelf(marker, seq)),
                "udp-json" => await DatagramsAsync(client, input, Console.JsonPort, garbage, seq => Json(marker, seq)),
                "syslog-udp" => await DatagramsAsync(client, input, Console.SyslogPort, garbage, seq => Syslog(marker, seq)),
                "gelf-udp" => await DatagramsAsync(client, input, Console.GelfPort, garbage, seq => Gelf(marker, seq)),
                "http-ndjson" => await PostLinesAsync(client, "/api/ingest", "application/x-ndjson", garbage, seq => Json(marker, seq)),
                "clef-http" => await PostLinesAsync(client, "/ingest/clef", "application/vnd.serilog.clef", garbage, seq => Clef(marker, seq)),
                "otlp-http" => await PostOtlpAsync(client, garbage, marker),
                _ => throw new ArgumentOutOfRangeException(nameof(input)),
            };
        }
        finally
        {
            await sampling.CancelAsync();
            await sampler;
        }

        Assert.True(Console.IsRunning, $"the console died under {input} input:\n{Console.RecentLog}");
        var indexed = await Support.Eventually.Get(() => EventChecker.CountAsync(client, "thebot-logs-*", $"message:{marker}"), n => n >= valid, TimeSpan.FromSeconds(120));
        Assert.True(indexed == valid, $"{input}: {indexed} of {valid} valid events indexed ({sent:N0} bytes sent; {await CountsAsync(client, input)})\n{Console.RecentLog}");
        if (!input.StartsWith("syslog", StringComparison.Ordinal))
        {
            // Indexed exactly once each: every seq once (syslog carries the number in its message only).
            var top = await client.GetFromJsonAsync<JsonElement>(
                $"/api/fields/seq/top?index=thebot-logs-*&from=*&to=*&size=1&q={Uri.EscapeDataString("message:" + marker)}");
            Assert.Equal(valid, top.GetProperty("with_field").GetInt64());
            Assert.Equal(1, top.GetProperty("values")[0].GetProperty("count").GetInt64());
        }

        var rejectedAfter = await CountersAsync(client, input);
        if (rejectsGarbage)
        {
            Assert.True(rejectedAfter > rejectedBefore, $"{input}: no rejection was counted in /api/ingest/stats");
        }

        var growth = peak - baseline;
        Assert.True(growth <= MaxGrowthBytes,
            $"{input}: the process's own resident memory grew by {growth / (1024 * 1024)} MiB (from {baseline / (1024 * 1024)} MiB), more than {MaxGrowthBytes / (1024 * 1024)} MiB");
        output.WriteLine(
            $"{input}: {sent:N0} bytes, {valid:N0} valid events indexed, {rejectedAfter - rejectedBefore:N0} rejections, own resident memory {baseline / (1024 * 1024)} -> peak {peak / (1024 * 1024)} MiB, VmRSS with the mapped index files {residentBaseline / (1024 * 1024)} -> peak {residentPeak / (1024 * 1024)} MiB");
    }

    [Fact]
    public async Task A_lone_surrogate_escape_is_replaced_and_does_not_stall_the_queue()
    {
        // "\ud800" is valid JSON but no UTF-8 writer can write it: it once ended the queue's writer, and every later append hung.
        var marker = "m" + Guid.NewGuid().ToString("N");
        using var client = Console.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(30);
        var body = $"{{\"message\":\"lone {marker}\",\"half\":\"a\\ud800b\",\"\\udc00key\":1}}\n";
        var response = await client.PostAsync(new Uri("/api/ingest?index=surrogates&refresh=wait_for", UriKind.Relative),
            new StringContent(body, Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var hit = (await client.GetFromJsonAsync<JsonElement>($"/api/search?index=surrogates-*&from=*&to=*&q=message:{marker}")).GetProperty("hits")[0].GetProperty("_source");
        Assert.Equal("a\uFFFDb", hit.GetProperty("half").GetString());
        Assert.Equal(1, hit.GetProperty("\uFFFDkey").GetInt32());
        await EventChecker.FreshEventIsIndexedAsync(client, "surrogates", 7);
    }

    private static string Json(string marker, int seq) =>
        $"{{\"message\":\"valid {marker} seq {seq}\",\"seq\":{seq},\"service\":\"faults\"}}";

    private static string Syslog(string marker, int seq) =>
        $"<14>1 2026-11-26T10:00:00.000Z faulthost faultapp - - - valid {marker} seq {seq}";

    private static string Gelf(string marker, int seq) =>
        $"{{\"version\":\"1.1\",\"host\":\"faulthost\",\"short_message\":\"valid {marker} seq {seq}\",\"_seq\":{seq}}}";

    private static string Clef(string marker, int seq) =>
        $"{{\"@t\":\"2026-11-26T10:00:00.000Z\",\"@m\":\"valid {marker} seq {seq}\",\"seq\":{seq}}}";

    /// <summary>rejected + failed + dropped of the input: what the console counted as not taken.</summary>
    private static async Task<long> CountersAsync(HttpClient client, string input)
    {
        var stats = await client.GetFromJsonAsync<JsonElement>("/api/ingest/stats");
        return stats.GetProperty("inputs").TryGetProperty(input, out var c)
            ? c.GetProperty("rejected").GetInt64() + c.GetProperty("failed").GetInt64() + c.GetProperty("dropped").GetInt64()
            : 0;
    }

    /// <summary>The input's counters in /api/ingest/stats, for a failure's message.</summary>
    private static async Task<string> CountsAsync(HttpClient client, string input)
    {
        var stats = await client.GetFromJsonAsync<JsonElement>("/api/ingest/stats");
        return stats.GetProperty("inputs").TryGetProperty(input, out var c) ? c.ToString() : "no counters";
    }

    /// <summary>
    /// How far the console is with a UDP input's datagrams: each one counts once it is queued for indexing, rejected or
    /// dropped (counted), not when the socket was read; a receiver's own queue sits between the two, and pacing to the
    /// socket let it overflow. GELF counts its valid messages (only they parse): a garbage chunk header is counted only
    /// when its message expires, ChunkTimeout later, so counting every datagram would stall the sender.
    /// </summary>
    private static async Task<long> TakenAsync(HttpClient client, string input)
    {
        var stats = await client.GetFromJsonAsync<JsonElement>("/api/ingest/stats");
        if (!stats.GetProperty("inputs").TryGetProperty(input, out var c))
        {
            return 0;
        }

        var dropped = c.GetProperty("dropped").GetInt64();
        return input == "gelf-udp"
            ? c.GetProperty("parsed").GetInt64() + dropped
            : c.GetProperty("queued").GetInt64() + c.GetProperty("rejected").GetInt64() + dropped;
    }

    /// <summary>One TCP connection: a malformed frame, a valid event, and so on, each ended by <paramref name="delimiter"/>.</summary>
    private static async Task<(int Valid, long Sent)> StreamAsync(int port, MalformedInput garbage, byte delimiter, int oversize, Func<int, string> valid)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var stream = tcp.GetStream();
        long sent = 0;
        var seq = 0;
        var buffer = new MemoryStream();
        while (sent < BytesPerReceiver)
        {
            buffer.SetLength(0);
            for (var i = 0; i < 32; i++)
            {
                buffer.Write(garbage.Next(delimiter, oversize));
                buffer.WriteByte(delimiter);
                buffer.Write(Encoding.UTF8.GetBytes(valid(seq++)));
                buffer.WriteByte(delimiter);
            }

            await stream.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
            sent += buffer.Length;
        }

        await stream.FlushAsync();
        tcp.Client.Shutdown(SocketShutdown.Send);
        // Wait for the server to close or go quiet: everything sent has been read.
        var drain = new byte[256];
        using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            while (await stream.ReadAsync(drain, quiet.Token) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
        }

        return (seq, sent);
    }

    /// <summary>
    /// Datagrams, malformed and valid in turn, paced to what the console has taken (<see cref="TakenAsync"/>) so neither
    /// the socket buffer (UDP loses silently) nor the receiver's queue (drops, counted) overflows.
    /// </summary>
    private static async Task<(int Valid, long Sent)> DatagramsAsync(HttpClient client, string input, int port, MalformedInput garbage, Func<int, string> valid)
    {
        const int Pairs = 16;
        using var udp = new UdpClient();
        udp.Connect(IPAddress.Loopback, port);
        var start = await TakenAsync(client, input);
        long sent = 0;
        long datagrams = 0;
        var seq = 0;
        while (sent < BytesPerReceiver)
        {
            for (var i = 0; i < Pairs; i++)
            {
                var bad = garbage.Next((byte)'\n', OversizeUdp);
                await udp.SendAsync(bad);
                var good = Encoding.UTF8.GetBytes(valid(seq++));
                await udp.SendAsync(good);
                sent += bad.Length + good.Length;
                datagrams += 2;
            }

            // At most two rounds (64 datagrams, a few hundred KiB at worst) not yet taken; polled often, as a round is short.
            var target = start + (input == "gelf-udp" ? seq - (2 * Pairs) : datagrams - (4 * Pairs));
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            var taken = await TakenAsync(client, input);
            while (taken < target && DateTime.UtcNow < deadline)
            {
                await Task.Delay(5);
                taken = await TakenAsync(client, input);
            }

            Assert.True(taken >= target, $"{input}: the console took {taken - start} of {(input == "gelf-udp" ? seq : datagrams)} within 30 s");
        }

        return (seq, sent);
    }

    /// <summary>Bodies of 64 lines, malformed and valid in turn: the valid lines are taken, the rest rejected line by line.</summary>
    private static async Task<(int Valid, long Sent)> PostLinesAsync(HttpClient client, string path, string contentType, MalformedInput garbage, Func<int, string> valid)
    {
        long sent = 0;
        var seq = 0;
        while (sent < BytesPerReceiver)
        {
            var body = new MemoryStream();
            for (var i = 0; i < 32; i++)
            {
                body.Write(garbage.Next((byte)'\n', 64 * 1024));
                body.WriteByte((byte)'\n');
                body.Write(Encoding.UTF8.GetBytes(valid(seq++)));
                body.WriteByte((byte)'\n');
            }

            sent += body.Length;
            var content = new ByteArrayContent(body.ToArray());
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
            var response = await client.PostAsync(new Uri(path, UriKind.Relative), content);
            var answer = await response.Content.ReadAsStringAsync();
            // Seq's API answers 400 when some lines were bad, and says the others were ingested.
            Assert.True(response.IsSuccessStatusCode || (response.StatusCode == HttpStatusCode.BadRequest && answer.Contains("(the others were ingested)", StringComparison.Ordinal)),
                $"{path}: {(int)response.StatusCode} {answer}");
        }

        return (seq, sent);
    }

    /// <summary>Garbage requests (random protobuf, broken JSON) and valid OTLP/JSON requests in turn.</summary>
    private static async Task<(int Valid, long Sent)> PostOtlpAsync(HttpClient client, MalformedInput garbage, string marker)
    {
        long sent = 0;
        var seq = 0;
        var round = 0;
        while (sent < BytesPerReceiver)
        {
            var bad = garbage.Next(0, 64 * 1024);
            var badContent = new ByteArrayContent(bad);
            badContent.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(round++ % 2 == 0 ? "application/x-protobuf" : "application/json");
            var refused = await client.PostAsync(new Uri("/v1/logs", UriKind.Relative), badContent);
            Assert.True((int)refused.StatusCode is 200 or 400, $"/v1/logs answered {(int)refused.StatusCode} to a malformed body");

            var records = string.Join(',', Enumerable.Range(seq, 16).Select(n =>
                $"{{\"timeUnixNano\":\"1795600000000000000\",\"severityText\":\"INFO\",\"body\":{{\"stringValue\":\"valid {marker} seq {n}\"}}," +
                $"\"attributes\":[{{\"key\":\"seq\",\"value\":{{\"intValue\":\"{n}\"}}}}]}}"));
            seq += 16;
            var json = $"{{\"resourceLogs\":[{{\"resource\":{{\"attributes\":[]}},\"scopeLogs\":[{{\"logRecords\":[{records}]}}]}}]}}";
            var response = await client.PostAsync(new Uri("/v1/logs", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));
            Assert.True(response.IsSuccessStatusCode, $"/v1/logs: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            sent += bad.Length + json.Length;
        }

        return (seq, sent);
    }
}
