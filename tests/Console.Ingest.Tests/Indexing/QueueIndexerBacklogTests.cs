using System.Text.Json.Nodes;
using Console.Ingest.Indexing;
using Console.Ingest.Pipeline;
using Console.Ingest.Queue;
using Console.Ingest.Tests.Support;
using Console.Shared.Events;
using Console.Shared.Storage;
using Console.Shared.Storage.Embedded;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Tests.Indexing;

/// <summary>A backlog past the queue's memory: the indexer reads it back from the queue's segments.</summary>
public sealed class QueueIndexerBacklogTests
{
    [Fact]
    public async Task Events_the_queue_keeps_on_disk_only_are_all_indexed_once_with_their_sources()
    {
        using var directory = new TempDirectory();
        var storage = Options.Create(new StorageOptions { DataPath = directory.Path });
        using var store = new LuceneLogStore(storage, TimeProvider.System, NullLogger<LuceneLogStore>.Instance);
        await using var queue = new WriteAheadLog(
            Options.Create(new WriteAheadLogOptions { MaxPendingEvents = 10_000, MaxHeldBytes = 0, SegmentBytes = 1024 * 1024 }),
            storage, NullLogger<WriteAheadLog>.Instance);
        var stats = new IngestStats();
        var indexer = new QueueIndexer(queue, store, stats,
            Options.Create(new QueueIndexerOptions { MaxBatchBytes = 64 * 1024, CommitInterval = TimeSpan.FromMilliseconds(100) }),
            TimeProvider.System, NullLogger<QueueIndexer>.Instance);
        var at = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        var padding = new string('x', 500);

        await indexer.StartAsync(CancellationToken.None);
        try
        {
            for (var append = 0; append < 20; append++)
            {
                var events = Enumerable.Range(append * 100, 100)
                    .Select(i => new LogEvent($"id-{i}", "thebot-logs-2026.11.23", at.AddSeconds(i),
                        new JsonObject { ["@timestamp"] = TimestampParser.Format(at.AddSeconds(i)), ["message"] = $"event {i} {padding}" }))
                    .ToList();
                await queue.AppendAsync(events, waitForRoom: true, CancellationToken.None);
            }

            Assert.Equal(0, queue.HeldBytes);
            await Poll.Eventually(() => stats.Stage("index").Indexed >= 2000 && queue.Pending == 0, TimeSpan.FromSeconds(60), "every event indexed and committed");
            await store.RefreshAsync(CancellationToken.None);

            var all = new LogQuery("thebot-logs-*", null, at.AddHours(-1), at.AddHours(1));
            Assert.Equal(2000, await store.CountAsync(all));
            Assert.Equal(1, await store.CountAsync(all with { Query = "message:\"event 1234\"" }));
            Assert.Equal(2000, stats.Stage("index").Indexed);
        }
        finally
        {
            await indexer.StopAsync(CancellationToken.None);
        }
    }
}
