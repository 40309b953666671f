using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Console.Shared.Storage;
using Console.Shared.Storage.Embedded;
using Console.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Console.Web.Tests.Faults.Io;

/// <summary>
/// The index store refuses every write for a while (8 s here; CONSOLE_FAULT_STORE_OUTAGE_SECONDS=30 for the long form)
/// while a sender keeps posting numbered events: they are acknowledged into the durable queue or, once it is full,
/// refused with 429 (never acknowledged and then lost); the indexer backs off, the health report names the failure,
/// and after the outage every acknowledged event is searchable exactly once.
/// </summary>
[Trait("Category", "Faults")]
public sealed class StoreOutageTests : IDisposable
{
    private const int BatchSize = 100;
    private const string IndexBase = "outage";
    private readonly OutageConsole _console = new();

    public void Dispose() => _console.Dispose();

    [Fact]
    public async Task Events_sent_while_the_store_fails_are_queued_or_refused_and_all_indexed_once_after_it_recovers()
    {
        var outage = TimeSpan.FromSeconds(double.Parse(Environment.GetEnvironmentVariable("CONSOLE_FAULT_STORE_OUTAGE_SECONDS") ?? "8", CultureInfo.InvariantCulture));
        using var client = _console.CreateClient();
        // A body the decoder queues in parts waits for room after its first part (only a first part may be refused), and
        // room comes only after the outage: such a request is given up after 10 s and its events are "unknown" (may be
        // indexed once, or not).
        client.Timeout = TimeSpan.FromSeconds(10);
        var sender = new OutageIngestSender(client, IndexBase, BatchSize);

        for (var i = 0; i < 5; i++)
        {
            await sender.SendAsync();
        }

        await EventChecker.VerifyAsync(client, IndexBase + "-*", sender.Acknowledged, TimeSpan.FromSeconds(60));

        var store = _console.Services.GetRequiredService<OutageLogStore>();
        // The outage lasts its length, and on a slow machine longer, until the test has seen the queue fill (429) and the
        // health report name the failure (at most a minute more).
        store.Fail();
        var started = DateTime.UtcNow;
        var sawFailureInHealth = false;
        while ((DateTime.UtcNow - started < outage || !sawFailureInHealth || sender.TooMany == 0) && DateTime.UtcNow - started < outage + TimeSpan.FromSeconds(60))
        {
            await sender.SendAsync();
            if (!sawFailureInHealth)
            {
                var health = await client.GetFromJsonAsync<JsonElement>("/api/health");
                sawFailureInHealth = health.GetProperty("status").GetString() == "yellow" &&
                    health.GetProperty("reasons").EnumerateArray().Any(r => r.GetString()!.StartsWith("indexer: store index failing", StringComparison.Ordinal) &&
                                                                             r.GetString()!.Contains("503 Service Unavailable", StringComparison.Ordinal));
            }

            await Task.Delay(50);
        }

        store.Recover();
        var lasted = DateTime.UtcNow - started;
        Assert.True(sawFailureInHealth, "the health report never named the failing store writes during the outage");
        Assert.True(sender.TooMany > 0, "the queue never filled during the outage: the test did not reach the 429 path");

        // Backoff: attempts double their wait from 100 ms (up to 30 s), so an outage of T seconds costs about log2(10 T) attempts, not a busy loop.
        var stats = await client.GetFromJsonAsync<JsonElement>("/api/ingest/stats");
        var failed = stats.GetProperty("stages").GetProperty("index").GetProperty("failed").GetInt64();
        var bound = 4 + (2 * Math.Log2(lasted.TotalMilliseconds / 100));
        Assert.InRange(failed, 1, (long)bound);
        Assert.Contains(stats.GetProperty("stages").GetProperty("index").GetProperty("recent_rejections").EnumerateArray(),
            r => r.GetProperty("reason").GetString()!.Contains("store index failed", StringComparison.Ordinal));

        // The sender's refused batches are sent again now, as a shipper would after Retry-After.
        for (var i = 0; i < 5; i++)
        {
            await sender.SendAsync();
        }

        using var reader = _console.CreateClient(); // searches over everything may take longer than a send may
        await EventChecker.VerifyAsync(reader, IndexBase + "-*", sender.Acknowledged, TimeSpan.FromSeconds(120), sender.Unknown);
        await EventChecker.FreshEventIsIndexedAsync(reader, IndexBase, 1_000_000);
        var healed = await Eventually.Get(
            () => client.GetFromJsonAsync<JsonElement>("/api/health"),
            h => !h.GetProperty("reasons").EnumerateArray().Any(r => r.GetString()!.StartsWith("indexer:", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(healed.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.StartsWith("indexer:", StringComparison.Ordinal));
    }

    /// <summary>The console in memory on the real clock (back-off waits must pass), its store behind <see cref="OutageLogStore"/>.</summary>
    private sealed class OutageConsole : ConsoleFactory
    {
        public OutageConsole()
        {
            Settings["Ingest:Queue:MaxPendingEvents"] = "1000";
            Settings["Ingest:RateLimit:Enabled"] = "false";
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.Replace(ServiceDescriptor.Singleton(TimeProvider.System));
                services.AddSingleton(sp => new OutageLogStore(sp.GetRequiredService<LuceneLogStore>()));
                services.Replace(ServiceDescriptor.Singleton<ILogStore>(sp => sp.GetRequiredService<OutageLogStore>()));
            });
        }
    }
}
