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

/// <summary><c>refresh=wait_for</c>: the wait ends only once the events are searchable, however the indexer got ahead of it.</summary>
public sealed class QueueIndexerWaitForSearchableTests
{
    [Fact]
    public async Task Events_indexed_before_anyone_waited_are_made_searchable_by_the_wait()
    {
        using var directory = new TempDirectory();
        var storage = Options.Create(new StorageOptions { DataPath = directory.Path });
        using var store = new LuceneLogStore(storage, TimeProvider.System, NullLogger<LuceneLogStore>.Instance);
        await using var queue = new WriteAheadLog(Options.Create(new WriteAheadLogOptions { MaxPendingEvents = 1000 }), storage, NullLogger<WriteAheadLog>.Instance);
        var stats = new IngestStats();
        // No commit and no store maintenance during the test: only the indexer's refresh for a waiter can show the events.
        var indexer = new QueueIndexer(queue, store, stats, Options.Create(new QueueIndexerOptions { CommitInterval = TimeSpan.FromHours(1) }),
            TimeProvider.System, NullLogger<QueueIndexer>.Instance);
        var at = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        var events = Enumerable.Range(0, 50)
            .Select(i => new LogEvent($"id-{i}", "thebot-logs-2026.11.23", at.AddSeconds(i), new JsonObject { ["@timestamp"] = TimestampParser.Format(at.AddSeconds(i)), ["message"] = $"event {i}" }))
            .ToList();

        await indexer.StartAsync(CancellationToken.None);
        try
        {
            var end = (await queue.AppendAsync(events, waitForRoom: true, CancellationToken.None))!.Value;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (stats.Stage("index").Indexed < events.Count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            await Task.Delay(200); // let the indexer finish that batch: nobody was waiting, so it refreshed nothing
            var query = new LogQuery("thebot-logs-*", null, at.AddHours(-1), at.AddHours(1));

            await indexer.WaitForSearchableAsync(end, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(events.Count, await store.CountAsync(query));
        }
        finally
        {
            await indexer.StopAsync(CancellationToken.None);
        }
    }
}
