using System.Net;
using System.Text.Json.Nodes;
using Console.Ingest.Indexing;
using Console.Ingest.Pipeline;
using Console.Ingest.Queue;
using Console.Shared.Events;
using Console.Shared.Storage;
using Console.Shared.Storage.Elasticsearch;
using Console.Shared.Storage.Elasticsearch.Client;
using Console.Shared.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Tests.Indexing;

public sealed class QueueIndexerElasticsearchTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "console-indexer-es-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_path))
        {
            Directory.Delete(_path, recursive: true);
        }
    }

    [Fact]
    public async Task Events_queued_while_Elasticsearch_is_down_stay_queued_and_are_all_indexed_once_it_is_back()
    {
        var port = FreePort();
        using var client = new ElasticsearchClient(new ElasticsearchClientOptions { Urls = [new Uri($"http://127.0.0.1:{port}/")] });
        using var store = new ElasticsearchLogStore(client,
            Options.Create(new ElasticsearchStoreOptions { BulkAttempts = 2, BulkInitialBackoff = TimeSpan.FromMilliseconds(10), BulkMaxBackoff = TimeSpan.FromMilliseconds(20) }),
            Options.Create(new StorageOptions()), TimeProvider.System, NullLogger<ElasticsearchLogStore>.Instance);
        await using var queue = new WriteAheadLog(Options.Create(new WriteAheadLogOptions { Path = _path, MaxPendingEvents = 1000 }),
            Options.Create(new StorageOptions()), NullLogger<WriteAheadLog>.Instance);
        var at = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        var events = Enumerable.Range(0, 50)
            .Select(i => new LogEvent($"id-{i}", "thebot-logs-2026.11.23", at.AddSeconds(i), new JsonObject { ["@timestamp"] = TimestampParser.Format(at.AddSeconds(i)), ["message"] = $"event {i}" }))
            .ToList();
        await queue.AppendAsync(events, waitForRoom: true, CancellationToken.None);
        var indexer = new QueueIndexer(queue, store, new IngestStats(), Options.Create(new QueueIndexerOptions { CommitInterval = TimeSpan.FromMilliseconds(100) }),
            TimeProvider.System, NullLogger<QueueIndexer>.Instance);

        await indexer.StartAsync(CancellationToken.None);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1.5)); // no node listens: the store's tries and the indexer's fail
            Assert.Equal(50, queue.Pending);

            await using var fake = await FakeElasticsearch.StartAsync(port);
            var acknowledged = new FakeReply(200, """{"acknowledged":true}""");
            fake.On("PUT", "/_ilm/policy/console-logs", acknowledged)
                .On("PUT", "/_index_template/console-logs", acknowledged)
                .On("PUT", "/_index_template/console-logs-deadletter", acknowledged)
                .On("POST", "/_bulk", CreatedForEachAction)
                .On("POST", "/thebot-logs-2026.11.23/_refresh", FakeReply.Ok("{}"))
                .On("POST", "/thebot-logs-2026.11.23/_flush", FakeReply.Ok("{}"));

            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (queue.Pending > 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            Assert.Equal(0, queue.Pending); // checkpointed only after the store's flush answered
            var indexed = fake.Requests.Where(r => r.Path == "/_bulk").SelectMany(r => r.Lines).Where(l => l["index"] is not null)
                .Select(l => (string)l["index"]!["_id"]!).ToHashSet();
            Assert.Equal(events.Select(e => e.Id).ToHashSet(), indexed);
            Assert.Contains(fake.Requests, r => r.Path.EndsWith("/_flush", StringComparison.Ordinal));
        }
        finally
        {
            await indexer.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_batch_Elasticsearch_took_in_part_is_sent_again_without_the_items_it_took()
    {
        // One shard's write queue is full: _bulk answers 200 with per-item 429s for its events, and indexes the others.
        await using var cluster = await FakeElasticsearchCluster.StartAsync();
        cluster.Fault = ElasticsearchFault.RejectsItems;
        using var client = new ElasticsearchClient(new ElasticsearchClientOptions { Urls = [cluster.Url] });
        using var store = new ElasticsearchLogStore(client,
            Options.Create(new ElasticsearchStoreOptions { BulkAttempts = 2, BulkInitialBackoff = TimeSpan.FromMilliseconds(10), BulkMaxBackoff = TimeSpan.FromMilliseconds(20) }),
            Options.Create(new StorageOptions()), TimeProvider.System, NullLogger<ElasticsearchLogStore>.Instance);
        await using var queue = new WriteAheadLog(Options.Create(new WriteAheadLogOptions { Path = _path, MaxPendingEvents = 1000 }),
            Options.Create(new StorageOptions()), NullLogger<WriteAheadLog>.Instance);
        var at = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        var events = Enumerable.Range(0, 60)
            .Select(i => new LogEvent($"id-{i}", "thebot-logs-2026.11.23", at.AddSeconds(i), new JsonObject { ["@timestamp"] = TimestampParser.Format(at.AddSeconds(i)), ["message"] = $"event {i}" }))
            .ToList();
        var hot = events.Count(e => FakeElasticsearchCluster.OnHotShard(e.Id));
        Assert.InRange(hot, 1, events.Count - 1);
        await queue.AppendAsync(events, waitForRoom: true, CancellationToken.None);
        var indexer = new QueueIndexer(queue, store, new IngestStats(), Options.Create(new QueueIndexerOptions { CommitInterval = TimeSpan.FromMilliseconds(100) }),
            TimeProvider.System, NullLogger<QueueIndexer>.Instance);

        await indexer.StartAsync(CancellationToken.None);
        try
        {
            // The store's own tries ran out twice (the indexer sent the batch again once), then the shard's queue drains.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (indexer.Failure is not { Attempts: >= 2 } && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }

            Assert.True(indexer.Failure is { Attempts: >= 2 }, $"the indexer did not retry the batch; failure: {indexer.Failure}");
            cluster.Fault = ElasticsearchFault.None;
            while (queue.Pending > 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            Assert.Equal(0, queue.Pending);
            var documents = cluster.Documents;
            Assert.Equal(events.Select(e => e.Id).Order(), documents.Select(d => d.Id).Order());
            // Each event was written once: the items taken by the first bulk were not sent again with the refused ones.
            Assert.Empty(documents.Where(d => d.Version > 1).Select(d => $"{d.Id} written {d.Version} times"));
            Assert.Equal(events.Count, cluster.WrittenItems);
            Assert.True(cluster.RejectedItems >= 4 * hot, $"{cluster.RejectedItems} items refused, expected at least 2 tries of the store in each of 2 attempts of the indexer for {hot} items");
        }
        finally
        {
            await indexer.StopAsync(CancellationToken.None);
        }
    }

    private static FakeReply CreatedForEachAction(RecordedRequest request)
    {
        var items = new JsonArray();
        foreach (var line in request.Lines.Where(l => l["index"] is not null))
        {
            items.Add(new JsonObject
            {
                ["index"] = new JsonObject { ["_index"] = (string?)line["index"]!["_index"], ["_id"] = (string?)line["index"]!["_id"], ["status"] = 201, ["result"] = "created" },
            });
        }

        return FakeReply.Ok(new JsonObject { ["took"] = 1, ["errors"] = false, ["items"] = items }.ToJsonString());
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
