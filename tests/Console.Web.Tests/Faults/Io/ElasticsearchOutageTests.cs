using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Console.Shared.Tests.Support;
using Console.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Xunit.Abstractions;

namespace Console.Web.Tests.Faults.Io;

/// <summary>
/// The console on the Elasticsearch store, against a fake single-node cluster over real HTTP on 127.0.0.1, through the
/// outages a user's cluster has: every request answered 503 (no master), the node gone (connections refused, then the
/// node back on the same port), one shard's write queue full (_bulk 200 with per-item 429 es_rejected_execution_exception),
/// and answers later than the client's timeout (writes applied, answers lost). Each lasts 8 s
/// (CONSOLE_FAULT_STORE_OUTAGE_SECONDS=30 for the long form) while numbered events are posted: they are acknowledged
/// into the durable queue or refused with 429; the health report names the failure, both the indexer's and (when the
/// cluster's own health check fails) the store's; after recovery every acknowledged event is in the cluster exactly once
/// with its payload, nothing refused is, and nothing went to the dead-letter index. Where no answer is lost (a 503, an
/// item refused for load) each event is also written to the cluster only once: a retry sends only what it has not taken.
/// </summary>
[Trait("Category", "Faults")]
public sealed class ElasticsearchOutageTests(ITestOutputHelper log)
{
    private const int BatchSize = 100;
    private const int FreshSeq = 1_000_000;
    private const string IndexBase = "outage";
    private const int QueueCapacity = 1000;

    /// <param name="healthNames">What the indexer's health reason names.</param>
    /// <param name="storeNames">What the store's health reason names (red), or null: the cluster's health stays green.</param>
    [Theory]
    [InlineData("unavailable", "Elasticsearch answered 503 cluster_block_exception", "Elasticsearch answered 503 cluster_block_exception")]
    [InlineData("node-down", "Elasticsearch could not be reached", "Elasticsearch could not be reached")]
    [InlineData("rejects-items", "Elasticsearch answered 429 es_rejected_execution_exception", null)]
    [InlineData("slow", "Elasticsearch could not be reached", "Elasticsearch could not be reached")]
    public async Task Events_sent_while_Elasticsearch_fails_are_queued_or_refused_and_all_in_the_cluster_once_after_it_recovers(string outageKind, string healthNames, string? storeNames)
    {
        var outage = TimeSpan.FromSeconds(double.Parse(Environment.GetEnvironmentVariable("CONSOLE_FAULT_STORE_OUTAGE_SECONDS") ?? "8", CultureInfo.InvariantCulture));
        await using var cluster = await FakeElasticsearchCluster.StartAsync();
        using var console = new ElasticsearchConsole(cluster.Url);
        using var client = console.CreateClient();
        // A body queued in parts waits for room after its first part, and room comes only after the outage: such a request
        // is given up after 10 s and its events are "unknown" (may be indexed once, or not).
        client.Timeout = TimeSpan.FromSeconds(10);
        var sender = new OutageIngestSender(client, IndexBase, BatchSize);

        string Context() => $"outage {outageKind}; cluster: {cluster.Documents.Count} documents, {cluster.RejectedItems} items refused, " +
                            $"{cluster.FaultedRequests} requests faulted; unserved: {string.Join(" | ", cluster.Unserved)}";

        for (var i = 0; i < 5; i++)
        {
            await sender.SendAsync();
        }

        await EventChecker.VerifyAsync(client, IndexBase + "-*", sender.Acknowledged, TimeSpan.FromSeconds(60), context: Context);

        // Events indexed but not yet committed (the indexer commits once per CommitInterval) keep their room in the queue
        // until a commit, which the outage holds up: the queue takes capacity minus these during the outage.
        var pendingAtStart = await ReadQueuePendingAsync(client);
        var acknowledgedBefore = sender.Acknowledged.Count;
        await StartOutageAsync(cluster, outageKind, client.Timeout);
        var started = DateTime.UtcNow;
        var sawFailureInHealth = false;
        var sawStoreInHealth = storeNames is null;
        var storeNotGreen = new List<string>();
        var lastHealth = string.Empty;
        // The outage lasts its length, and on a slow machine longer, until the test has seen the queue fill (429) and the
        // health report name the failure (at most a minute more).
        while ((DateTime.UtcNow - started < outage || !sawFailureInHealth || !sawStoreInHealth || sender.TooMany == 0) && DateTime.UtcNow - started < outage + TimeSpan.FromSeconds(60))
        {
            await sender.SendAsync();
            if (!sawFailureInHealth || !sawStoreInHealth || storeNames is null)
            {
                var health = await ReadHealthAsync(client);
                lastHealth = health.ToString();
                var reasons = health.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList();
                sawFailureInHealth |= health.GetProperty("status").GetString() != "green" &&
                    reasons.Any(r => r.StartsWith("indexer: store", StringComparison.Ordinal) && r.Contains(healthNames, StringComparison.Ordinal));
                var store = health.GetProperty("store").GetProperty("status").GetString();
                if (storeNames is null)
                {
                    // The cluster says green (a full write queue on one node does not change its health): so must the store.
                    if (store != "green" || reasons.Any(r => r.StartsWith("store:", StringComparison.Ordinal)))
                    {
                        storeNotGreen.Add(lastHealth);
                    }
                }
                else
                {
                    // The store's own check: the cluster's health could not be read, with the answer (or none) it got.
                    sawStoreInHealth |= store == "red" && health.GetProperty("status").GetString() == "red" &&
                        reasons.Any(r => r.StartsWith("store: cluster health could not be read: " + storeNames, StringComparison.Ordinal));
                }
            }

            await Task.Delay(50);
        }

        var pendingAtEnd = await ReadQueuePendingAsync(client);
        var acknowledgedDuring = sender.Acknowledged.Count - acknowledgedBefore;
        await EndOutageAsync(cluster, outageKind);
        var lasted = DateTime.UtcNow - started;
        // Backoff: the indexer's attempts double their wait from 100 ms (up to 30 s), each after the store's own tries.
        var stats = await client.GetFromJsonAsync<JsonElement>("/api/ingest/stats");
        var failed = stats.GetProperty("stages").GetProperty("index").GetProperty("failed").GetInt64();

        // The sender's refused batches are sent again now, as a shipper would after Retry-After.
        for (var i = 0; i < 5; i++)
        {
            await sender.SendAsync();
        }

        using var reader = console.CreateClient(); // searches over everything may take longer than a send may
        reader.Timeout = TimeSpan.FromSeconds(100);
        await EventChecker.VerifyAsync(reader, IndexBase + "-*", sender.Acknowledged, TimeSpan.FromSeconds(120), sender.Unknown, Context);
        await EventChecker.FreshEventIsIndexedAsync(reader, IndexBase, FreshSeq);
        CheckClusterHolds(cluster, [.. sender.Acknowledged, FreshSeq], sender.Unknown);

        var rewritten = cluster.Documents.Where(d => d.Version > 1).ToList();
        log.WriteLine($"outage {outageKind} lasted {lasted.TotalSeconds:0.0} s: {sender.Acknowledged.Count} events acknowledged and all in the cluster once, " +
                      $"{sender.TooMany} batches refused with 429, {sender.Unknown.Count} unknown; {failed} failed index attempts; queue pending {pendingAtStart} " +
                      $"when the outage began, {acknowledgedDuring} events acknowledged during it, pending {pendingAtEnd} of {QueueCapacity} at its end; " +
                      $"{cluster.WrittenItems} bulk items written for {cluster.Documents.Count} documents ({rewritten.Count} written more than once); {Context()}");

        // Checked after the events, so a store that loses them fails on the loss, the worst of its faults.
        Assert.True(sawFailureInHealth, $"the health report never named the failing Elasticsearch writes ('{healthNames}'); last report: {lastHealth}");
        Assert.True(sawStoreInHealth, $"the health report's store reason never said its cluster health could not be read ('{storeNames}'); last report: {lastHealth}");
        Assert.True(storeNotGreen.Count == 0, $"the store was not green while the cluster was: {storeNotGreen.FirstOrDefault()}");
        // The bound holds: nothing taken during the outage left the queue (no commit could run), and it never went past capacity.
        Assert.InRange(pendingAtEnd, acknowledgedDuring, QueueCapacity);
        if (outageKind is "unavailable" or "rejects-items")
        {
            // No answer was lost, so nothing needed sending twice: neither what was indexed before the outage and not yet
            // committed, nor the items of a bulk Elasticsearch took while refusing others.
            Assert.True(rewritten.Count == 0,
                $"{rewritten.Count} documents were written more than once, first: {string.Join(", ", rewritten.Take(10).Select(d => $"{d.Id} x{d.Version}"))}");
        }
        Assert.True(sender.TooMany > 0, "the queue never filled during the outage: the test did not reach the 429 path");
        Assert.InRange(failed, 1, (long)(4 + (2 * Math.Log2(lasted.TotalMilliseconds / 100))));
        if (outageKind == "rejects-items")
        {
            Assert.True(cluster.RejectedItems > 0, "the cluster refused no bulk item");
        }

        var healed = await Eventually.Get(
            () => ReadHealthAsync(client),
            h => !h.GetProperty("reasons").EnumerateArray().Any(r => r.GetString()!.StartsWith("indexer:", StringComparison.Ordinal) || r.GetString()!.StartsWith("store:", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30));
        Assert.Equal("green", healed.GetProperty("store").GetProperty("status").GetString());
        Assert.Empty(cluster.Unserved);
    }

    private static async Task StartOutageAsync(FakeElasticsearchCluster cluster, string outageKind, TimeSpan senderTimeout)
    {
        switch (outageKind)
        {
            case "unavailable":
                cluster.Fault = ElasticsearchFault.Unavailable;
                break;
            case "node-down":
                await cluster.StopAsync();
                break;
            case "rejects-items":
                // The node with the events' hot shard is overloaded; the dead-letter index lives on another node and takes
                // writes, so a store that dead-lettered (dropped) 429 items would lose them here.
                cluster.HotIndices = IndexBase + "-*";
                cluster.Fault = ElasticsearchFault.RejectsItems;
                break;
            case "slow":
                // Beyond the console's 2 s request timeout, and short of the sender's, so the fake never holds a send.
                cluster.SlowAnswerDelay = senderTimeout / 2;
                cluster.Fault = ElasticsearchFault.Slow;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(outageKind), outageKind, "unknown outage");
        }
    }

    private static async Task EndOutageAsync(FakeElasticsearchCluster cluster, string outageKind)
    {
        cluster.Fault = ElasticsearchFault.None;
        if (outageKind == "node-down")
        {
            await cluster.RestartAsync();
        }
    }

    private static async Task<long> ReadQueuePendingAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/ingest/stats")).GetProperty("queue").GetProperty("pending").GetInt64();

    /// <summary>/api/health answers 503 with the same report when the store is red: read it whatever the status.</summary>
    private static async Task<JsonElement> ReadHealthAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/api/health", UriKind.Relative));
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"/api/health answered {(int)response.StatusCode}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>What the cluster itself holds, by id: each acknowledged event once, intact; nothing refused; nothing dead-lettered.</summary>
    private static void CheckClusterHolds(FakeElasticsearchCluster cluster, IReadOnlyCollection<int> acknowledged, IReadOnlyCollection<int> unknown)
    {
        var documents = cluster.Documents;
        Assert.DoesNotContain(documents, d => d.Index.StartsWith("console-deadletter", StringComparison.Ordinal));
        var events = documents.Where(d => d.Index.StartsWith(IndexBase + "-", StringComparison.Ordinal)).ToList();
        var bySeq = events.GroupBy(d => (int)d.Source["seq"]!).ToDictionary(g => g.Key, g => g.ToList());
        var missing = acknowledged.Where(s => !bySeq.ContainsKey(s)).Order().ToList();
        var doubled = bySeq.Where(p => p.Value.Count > 1).Select(p => $"{p.Key} as {string.Join(", ", p.Value.Select(d => d.Index + "/" + d.Id))}").Take(10).ToList();
        var allowed = acknowledged.Concat(unknown).ToHashSet();
        var refused = bySeq.Keys.Where(s => !allowed.Contains(s)).Order().ToList();
        var broken = events.Where(d => (string?)d.Source["payload"] != NumberedEvents.Payload((int)d.Source["seq"]!)).Select(d => d.Id).Take(10).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} acknowledged events are not in the cluster, first: {string.Join(", ", missing.Take(20))}");
        Assert.True(doubled.Count == 0, $"events in the cluster more than once: {string.Join("; ", doubled)}");
        Assert.True(refused.Count == 0, $"{refused.Count} refused events are in the cluster, first: {string.Join(", ", refused.Take(20))}");
        Assert.True(broken.Count == 0, $"payloads changed in documents {string.Join(", ", broken)}");
    }

    /// <summary>The console in memory on the real clock (back-off waits must pass), its store Elasticsearch at <paramref name="cluster"/>.</summary>
    private sealed class ElasticsearchConsole : ConsoleFactory
    {
        public ElasticsearchConsole(Uri cluster)
        {
            Settings["Store:Kind"] = "Elasticsearch";
            Settings["Store:Elasticsearch:Urls:0"] = cluster.AbsoluteUri;
            Settings["Store:Elasticsearch:RequestTimeout"] = "00:00:02";
            Settings["Store:Elasticsearch:IndexPatterns:0"] = IndexBase + "-*";
            Settings["Ingest:Queue:MaxPendingEvents"] = QueueCapacity.ToString(CultureInfo.InvariantCulture);
            Settings["Ingest:RateLimit:Enabled"] = "false";
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton(TimeProvider.System)));
        }
    }
}
