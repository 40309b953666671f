using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Console.Web.Tests.Faults.Io;

/// <summary>
/// The durable queue's folder and then the index folder run out of space (a small tmpfs, filled): writes are refused
/// cleanly (HTTP 503 with the reason, counted, logged) or retried, the process keeps running, nothing acknowledged is
/// lost or doubled, and everything recovers once space returns, also across a SIGKILL and restart afterwards.
/// </summary>
[Trait("Category", "Faults")]
public sealed partial class DiskFullTests : IDisposable
{
    private const int BatchSize = 200;
    private const string IndexBase = "diskfull";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "faultsio-diskfull-" + Guid.NewGuid().ToString("N"));
    private readonly ITestOutputHelper _log;

    public DiskFullTests(ITestOutputHelper log)
    {
        _log = log;
        Directory.CreateDirectory(_root);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The "first N events ... were accepted before the failure" of a body queued in parts.</summary>
    [GeneratedRegex(@"the first (?<taken>[0-9]+) events of this request were accepted before the failure")]
    private static partial Regex PartlyTaken();

    /// <summary>The HTTP NDJSON input's counts.</summary>
    private static async Task<(long Received, long Queued, long Rejected)> InputStatsAsync(HttpClient client)
    {
        var input = (await client.GetFromJsonAsync<JsonElement>("/api/ingest/stats")).GetProperty("inputs").GetProperty("http-ndjson");
        return (input.GetProperty("received").GetInt64(), input.GetProperty("queued").GetInt64(), input.GetProperty("rejected").GetInt64());
    }

    /// <summary>The health report, also when it is red (503).</summary>
    private static async Task<JsonElement> HealthAsync(HttpClient client) =>
        await (await client.GetAsync(new Uri("/api/health", UriKind.Relative))).Content.ReadFromJsonAsync<JsonElement>();

    [TmpfsFact]
    public async Task A_full_queue_disk_refuses_with_503_and_a_reason_loses_nothing_and_recovers()
    {
        using var disk = TmpfsMount.TryMount(8 * 1024 * 1024, out var whyNot) ?? throw new InvalidOperationException(whyNot);

        // No commit (and so no queue checkpoint) during the test: the restart at the end replays the whole queue, the
        // part written around the refused writes included.
        using var console = new FaultConsole(Path.Combine(_root, "data"), new Dictionary<string, string>
        {
            ["Ingest:Queue:Path"] = Path.Combine(disk.Path, "wal"),
            ["Ingest:Queue:SegmentBytes"] = "1048576",
            ["Ingest:Indexer:CommitInterval"] = "00:05:00",
            ["Storage:CommitInterval"] = "00:10:00",
        });
        await console.StartAsync();
        using var client = console.CreateClient();
        var acknowledged = new List<int>();
        var next = 0;

        // Each request's events the answer says were taken: all on 200; on a 503 none, or (a body queued in parts whose
        // first part was taken before the disk refused a later one) the first N it names. How a body is cut into parts
        // depends on how much of it has arrived when the decoder reads (a loaded machine splits it more), so how many
        // refused requests had a first part taken is timing; what the answer says was taken is what must be kept.
        async Task<(HttpResponseMessage Response, int Taken, string? Error)> SendAsync(bool inTwoParts = false)
        {
            var first = next;
            next += BatchSize;
            using HttpContent content = inTwoParts
                ? TwoPartContent.Numbered(first, BatchSize, headCount: 10, TimeSpan.FromMilliseconds(300))
                : NumberedEvents.Content(first, BatchSize);
            var response = await client.PostAsync(new Uri($"/api/ingest?index={IndexBase}", UriKind.Relative), content);
            var taken = response.StatusCode == HttpStatusCode.OK ? BatchSize : 0;
            string? error = null;
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()!;
                var partly = PartlyTaken().Match(error);
                if (partly.Success)
                {
                    taken = int.Parse(partly.Groups["taken"].Value, CultureInfo.InvariantCulture);
                    Assert.InRange(taken, 1, BatchSize - 1);
                }
                else
                {
                    Assert.Contains("the events were not accepted", error, StringComparison.Ordinal);
                }
            }

            // The events taken are acknowledged (indexed exactly once, also after the restart); the rest were refused and
            // must never be indexed.
            acknowledged.AddRange(Enumerable.Range(first, taken));
            return (response, taken, error);
        }

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsync()).Response.StatusCode);
        }

        var before = await InputStatsAsync(client);

        // Leave a few KiB: the next append (about 40 KiB) is written in part before the disk refuses the rest.
        disk.Fill(leaveBytes: 12 * 1024);
        var refused = 0;
        var takenWhileFull = 0;
        var notTakenWhileFull = 0;
        var partlyTaken = 0;
        for (var i = 0; i < 10; i++)
        {
            // Every other body comes in two pieces, so a first part taken before the disk refuses the rest is likely
            // (not certain: what is checked below holds either way).
            var (response, taken, error) = await SendAsync(inTwoParts: i % 2 == 1);
            partlyTaken += taken is > 0 and < BatchSize ? 1 : 0;
            takenWhileFull += taken;
            notTakenWhileFull += BatchSize - taken;
            if (response.StatusCode == HttpStatusCode.OK)
            {
                continue; // a batch that still fitted
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.Contains("cannot write to disk", error, StringComparison.Ordinal);
            Assert.Contains("No space left on device", error, StringComparison.Ordinal);
            refused++;
        }

        Assert.True(refused >= 9, $"only {refused} of 10 batches were refused on a full disk");
        Assert.True(console.IsRunning, console.RecentLog);

        // The counts agree with the answers, whatever the parts were: the queue took exactly the events the answers say
        // were taken, every event read was either taken or counted as rejected, and each refused request counted its
        // refused part. (A refused request's body after the part the disk refused is not read, so it is not counted:
        // rejected is at most, not exactly, what the answers refused.)
        var after = await InputStatsAsync(client);
        var queued = after.Queued - before.Queued;
        var received = after.Received - before.Received;
        var rejected = after.Rejected - before.Rejected;
        var counts = $"while full: received {received}, queued {queued}, rejected {rejected}; the answers took {takenWhileFull} and refused {notTakenWhileFull} in {refused} refused requests ({partlyTaken} with a first part taken)";
        _log.WriteLine(counts);
        Assert.True(queued == takenWhileFull, counts);
        Assert.True(received == queued + rejected, counts);
        Assert.True(rejected >= refused && rejected <= notTakenWhileFull, counts);
        var input = (await client.GetFromJsonAsync<JsonElement>("/api/ingest/stats")).GetProperty("inputs").GetProperty("http-ndjson");
        Assert.Contains(input.GetProperty("recent_rejections").EnumerateArray(), r => r.GetProperty("reason").GetString()!.Contains("queue write failed", StringComparison.Ordinal));
        Assert.Contains("Writing the ingest queue failed", console.RecentLog, StringComparison.Ordinal);
        var health = await HealthAsync(client);
        Assert.Contains(health.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.StartsWith("queue: cannot write to disk", StringComparison.Ordinal));

        disk.Free();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsync()).Response.StatusCode);
        }

        await EventChecker.VerifyAsync(client, IndexBase + "-*", acknowledged, TimeSpan.FromSeconds(60), context: () => console.RecentLog);
        await EventChecker.FreshEventIsIndexedAsync(client, IndexBase, 1_000_000);
        acknowledged.Add(1_000_000);

        // Nothing was committed: a power cut now leaves everything to the queue's replay, across the refused writes.
        console.Kill();
        await console.StartAsync();
        await EventChecker.VerifyAsync(client, IndexBase + "-*", acknowledged, TimeSpan.FromSeconds(120), context: () => console.RecentLog);
    }

    [TmpfsFact]
    public async Task A_full_index_disk_keeps_acknowledging_into_the_queue_retries_and_indexes_everything_once_space_returns()
    {
        using var disk = TmpfsMount.TryMount(48 * 1024 * 1024, out var whyNot) ?? throw new InvalidOperationException(whyNot);

        using var console = new FaultConsole(Path.Combine(disk.Path, "data"), new Dictionary<string, string>
        {
            ["Ingest:Queue:Path"] = Path.Combine(_root, "wal"),
            ["ConsoleDatabase:Path"] = Path.Combine(_root, "console.db"),
            ["Ingest:Files:RegistryPath"] = Path.Combine(_root, "file-registry.json"),
            ["Storage:RamBufferMegabytes"] = "16",
        });
        await console.StartAsync();
        using var client = console.CreateClient();
        var acknowledged = new List<int>();
        var next = 0;

        async Task SendAsync(int batches)
        {
            for (var i = 0; i < batches; i++)
            {
                var first = next;
                next += BatchSize;
                var response = await client.PostAsync(new Uri($"/api/ingest?index={IndexBase}", UriKind.Relative), NumberedEvents.Content(first, BatchSize));
                // The queue is on another disk: every batch is taken (or, with the queue full, refused with 429 and sent again).
                for (var retry = 0; response.StatusCode == HttpStatusCode.TooManyRequests && retry < 100; retry++)
                {
                    await Task.Delay(200);
                    response = await client.PostAsync(new Uri($"/api/ingest?index={IndexBase}", UriKind.Relative), NumberedEvents.Content(first, BatchSize));
                }

                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                acknowledged.AddRange(Enumerable.Range(first, BatchSize));
            }
        }

        await SendAsync(10);
        await EventChecker.VerifyAsync(client, IndexBase + "-*", acknowledged, TimeSpan.FromSeconds(60), context: () => console.RecentLog);

        disk.Fill();
        await SendAsync(25);
        var health = await Support.Eventually.Get(
            () => HealthAsync(client),
            h => h.GetProperty("reasons").EnumerateArray().Any(r => r.GetString()!.StartsWith("indexer: store", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(60));
        var reason = health.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).FirstOrDefault(r => r.StartsWith("indexer: store", StringComparison.Ordinal));
        Assert.True(reason is not null, $"the health report does not show the failing index writes: {health}\n{console.RecentLog}");
        Assert.Contains("No space left on device", reason, StringComparison.Ordinal);
        await SendAsync(5);
        Assert.True(console.IsRunning, console.RecentLog);

        disk.Free();
        await EventChecker.VerifyAsync(client, IndexBase + "-*", acknowledged, TimeSpan.FromSeconds(120), context: () => console.RecentLog);
        await EventChecker.FreshEventIsIndexedAsync(client, IndexBase, 1_000_000);
        acknowledged.Add(1_000_000);
        await Support.Eventually.Get(
            () => HealthAsync(client),
            h => !h.GetProperty("reasons").EnumerateArray().Any(r => r.GetString()!.StartsWith("indexer:", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30));

        console.Kill();
        await console.StartAsync();
        await EventChecker.VerifyAsync(client, IndexBase + "-*", acknowledged, TimeSpan.FromSeconds(120), context: () => console.RecentLog);
    }
}
