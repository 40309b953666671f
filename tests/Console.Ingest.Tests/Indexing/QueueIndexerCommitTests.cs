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

/// <summary>
/// When the indexer commits before its CommitInterval (once the indexed events hold half the queue's room), and that the
/// commit runs beside the indexing.
/// </summary>
public sealed class QueueIndexerCommitTests
{
    private const int QueueCapacity = 1000;
    private static readonly DateTimeOffset At = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Indexed_events_holding_half_the_queue_are_committed_without_waiting_for_the_interval()
    {
        await using var run = await IndexerRun.StartAsync(TimeSpan.FromHours(1));

        await run.AppendAsync(QueueCapacity / 2);

        // Committed and checkpointed: the queue forgets them and its room is free again.
        await run.WaitUntilAsync(() => run.Queue.Pending == 0, "the queue's pending events to be released by a commit");
    }

    [Fact]
    public async Task Fewer_indexed_events_wait_for_the_interval_so_a_busy_store_commits_rarely()
    {
        await using var run = await IndexerRun.StartAsync(TimeSpan.FromHours(1));

        await run.AppendAsync(QueueCapacity / 2 - 1);
        await run.WaitUntilAsync(() => run.Stats.Stage("index").Indexed == QueueCapacity / 2 - 1, "the events to be indexed");
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal(QueueCapacity / 2 - 1, run.Queue.Pending);
    }

    [Fact]
    public async Task The_indexing_goes_on_while_a_commit_is_written_and_the_queue_forgets_only_what_it_covered()
    {
        GatedFlushLogStore? gated = null;
        await using var run = await IndexerRun.StartAsync(TimeSpan.FromHours(1), store => gated = new GatedFlushLogStore(store));

        try
        {
            await run.AppendAsync(QueueCapacity / 2);
            await run.WaitUntilAsync(() => gated!.FlushesStarted == 1, "the commit to start");
            await run.AppendAsync(100);

            await run.WaitUntilAsync(() => run.Stats.Stage("index").Indexed == QueueCapacity / 2 + 100, "the later events to be indexed while the commit waits");
            Assert.Equal(QueueCapacity / 2 + 100, run.Queue.Pending);
            gated!.OpenGate();
            await run.WaitUntilAsync(() => run.Queue.Pending == 100, "the commit's checkpoint of the first events only");
        }
        finally
        {
            gated?.OpenGate(); // the indexer's last commit on the way out goes through the gate too
        }
    }

    private sealed class IndexerRun : IAsyncDisposable
    {
        private readonly TempDirectory _directory;
        private readonly LuceneLogStore _store;
        private readonly QueueIndexer _indexer;
        private int _appended;

        private IndexerRun(TimeSpan commitInterval, Func<ILogStore, ILogStore>? wrap)
        {
            _directory = new TempDirectory();
            var storage = Options.Create(new StorageOptions { DataPath = _directory.Path });
            _store = new LuceneLogStore(storage, TimeProvider.System, NullLogger<LuceneLogStore>.Instance);
            Queue = new WriteAheadLog(Options.Create(new WriteAheadLogOptions { MaxPendingEvents = QueueCapacity }), storage, NullLogger<WriteAheadLog>.Instance);
            var store = wrap is null ? _store : wrap(_store);
            _indexer = new QueueIndexer(Queue, store, Stats, Options.Create(new QueueIndexerOptions { CommitInterval = commitInterval }),
                TimeProvider.System, NullLogger<QueueIndexer>.Instance);
        }

        public WriteAheadLog Queue { get; }

        public IngestStats Stats { get; } = new();

        public static async Task<IndexerRun> StartAsync(TimeSpan commitInterval, Func<ILogStore, ILogStore>? wrap = null)
        {
            var run = new IndexerRun(commitInterval, wrap);
            await run._indexer.StartAsync(CancellationToken.None);
            return run;
        }

        public async Task AppendAsync(int count)
        {
            var events = Enumerable.Range(_appended, count)
                .Select(i => new LogEvent($"id-{i}", "thebot-logs-2026.11.23", At.AddSeconds(i),
                    new JsonObject { ["@timestamp"] = TimestampParser.Format(At.AddSeconds(i)), ["message"] = $"event {i}" }))
                .ToList();
            _appended += count;
            Assert.NotNull(await Queue.AppendAsync(events, waitForRoom: false, CancellationToken.None));
        }

        public async Task WaitUntilAsync(Func<bool> condition, string what)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!condition())
            {
                Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
                await Task.Delay(20);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _indexer.StopAsync(CancellationToken.None);
            _indexer.Dispose();
            await Queue.DisposeAsync();
            _store.Dispose();
            _directory.Dispose();
        }
    }
}
