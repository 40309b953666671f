using Console.Ingest.Pipeline;
using Console.Ingest.Queue;
using Console.Shared.Events;
using Console.Shared.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Indexing;

/// <summary>
/// Moves events from the durable queue into the store: indexes each batch as it arrives, commits the store at most
/// every CommitInterval (and whenever the queue runs dry), then checkpoints the queue, so the queue forgets only
/// what the store has on disk. A failing store is retried with backoff; nothing is skipped.
/// </summary>
public sealed class QueueIndexer(
    WriteAheadLog queue,
    ILogStore store,
    IngestStats stats,
    IOptions<QueueIndexerOptions> options,
    TimeProvider clock,
    ILogger<QueueIndexer> logger) : BackgroundService
{
    private readonly Lock _waitersLock = new();
    private readonly List<(QueuePosition Position, TaskCompletionSource Done)> _waiters = [];
    private QueuePosition _indexedThrough;

    /// <summary>
    /// Completes once everything up to <paramref name="position"/> is indexed and searchable (Elasticsearch's
    /// <c>refresh=wait_for</c>).
    /// </summary>
    public Task WaitForSearchableAsync(QueuePosition position, CancellationToken cancellationToken)
    {
        lock (_waitersLock)
        {
            if (position <= _indexedThrough)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((position, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var counters = stats.Stage("index");
        var uncommitted = 0;
        QueuePosition? lastEnd = null;
        var lastCommit = clock.GetTimestamp();
        var pending = new List<LogEvent>();
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                pending.Clear();
                while (pending.Count < options.Value.MaxBatchEvents && queue.Reader.TryRead(out var batch))
                {
                    pending.AddRange(batch.Events);
                    lastEnd = batch.End;
                }

                await WithRetryAsync(() => store.IndexAsync(pending, stoppingToken), "index", stoppingToken);
                counters.AddIndexed(pending.Count);
                uncommitted += pending.Count;
                if (lastEnd is { } indexed)
                {
                    await ReleaseWaitersAsync(indexed, stoppingToken);
                }

                var drained = !queue.Reader.TryPeek(out _);
                if (lastEnd is { } end && (drained || clock.GetElapsedTime(lastCommit) >= options.Value.CommitInterval))
                {
                    await WithRetryAsync(() => store.FlushAsync(stoppingToken), "commit", stoppingToken);
                    await queue.CheckpointAsync(end, uncommitted, stoppingToken);
                    uncommitted = 0;
                    lastCommit = clock.GetTimestamp();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // On the way out: commit what was indexed so the next start replays as little as possible.
        if (lastEnd is { } last && uncommitted > 0)
        {
            await store.FlushAsync(CancellationToken.None);
            await queue.CheckpointAsync(last, uncommitted, CancellationToken.None);
        }
    }

    private async Task ReleaseWaitersAsync(QueuePosition indexed, CancellationToken stoppingToken)
    {
        List<TaskCompletionSource> ready;
        lock (_waitersLock)
        {
            _indexedThrough = indexed;
            ready = _waiters.Where(w => w.Position <= indexed).Select(w => w.Done).ToList();
            _waiters.RemoveAll(w => w.Position <= indexed);
        }

        if (ready.Count > 0)
        {
            await store.RefreshAsync(stoppingToken);
            ready.ForEach(done => done.TrySetResult());
        }
    }

    private async Task WithRetryAsync(Func<Task> action, string what, CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                await action();
                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or HttpRequestException)
            {
                logger.LogError(ex, "Store {Operation} failed; retrying in {Delay}", what, delay);
                await Task.Delay(delay, clock, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }
}
