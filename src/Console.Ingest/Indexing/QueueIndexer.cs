using System.Threading.Channels;
using Console.Ingest.Pipeline;
using Console.Ingest.Queue;
using Console.Shared.Events;
using Console.Shared.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Indexing;

/// <summary>
/// Moves events from the durable queue into the store: indexes each batch as it arrives, commits the store once per
/// CommitInterval while events have been indexed since the last commit (also when the queue has gone quiet, and sooner
/// when they hold half the queue's room), then
/// checkpoints the queue, so the queue forgets only what the store has on disk. A failing store is retried with
/// backoff (reported in <see cref="Failure"/> for the health page); nothing is skipped. The events indexed since the last
/// commit are kept until it succeeds: when a write failed meanwhile (<see cref="ILogStore.WriteFailures"/>, Lucene drops
/// a segment it could not flush to a full disk) they are indexed again, as upserts, before the commit. A batch the store
/// took in part (<see cref="PartiallyIndexedException"/>) is retried with only the events it did not take.
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
    private readonly List<(QueuePosition Position, TaskCompletionSource<SearchableWait> Done)> _waiters = [];
    private QueuePosition _indexedThrough;
    private QueuePosition _searchableThrough;
    private IndexerFailure? _failure;

    /// <summary>The store write being retried, or null while the store takes every write.</summary>
    public IndexerFailure? Failure => Volatile.Read(ref _failure);

    /// <summary>
    /// Completes once everything up to <paramref name="position"/> is indexed and searchable (Elasticsearch's
    /// <c>refresh=wait_for</c>), or at once with the reason when the store fails meanwhile (a refresh, an index write or
    /// a commit): the events stay in the durable queue and the indexer keeps retrying them, but a caller is never left
    /// waiting for a store that may stay down. Elasticsearch too answers a waiting write when its shard fails on a
    /// refresh, rather than holding it.
    /// </summary>
    public Task<SearchableWait> WaitForSearchableAsync(QueuePosition position, CancellationToken cancellationToken)
    {
        lock (_waitersLock)
        {
            if (position <= _searchableThrough)
            {
                return Task.FromResult(SearchableWait.Done);
            }

            if (position > _indexedThrough)
            {
                if (Failure is { } failure)
                {
                    // The indexer is retrying a failed store write: these events will not be indexed before it recovers.
                    return Task.FromResult(SearchableWait.Failed(NotSearchableReason($"store {failure.Operation} failing", failure.Reason)));
                }

                // Added under the same lock as the check, so the indexer's release for this position cannot slip between them.
                var done = new TaskCompletionSource<SearchableWait>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((position, done));
                return done.Task.WaitAsync(cancellationToken);
            }
        }

        // Indexed before anyone waited for it, so no refresh has been made for it (the indexer refreshes only for waiters).
        return RefreshForAsync(cancellationToken);
    }

    /// <summary>
    /// Indexed events that make a commit due before CommitInterval: half the queue's capacity (it counts events until they
    /// are committed), so the other half stays free for the senders while the store commits. At 25,000 events/s a 5 s
    /// interval alone filled the queue and held the senders back (BENCHMARKS.md, findings of 2026-11-27 14:50 and 18:15).
    /// </summary>
    private long CommitAtEvents => Math.Max(1, queue.Capacity / 2);

    private static string NotSearchableReason(string what, string reason) =>
        $"the events are accepted (durable in the ingest queue) but not searchable yet: {what}: {reason}; they become searchable once the store recovers";

    /// <summary>Answers every waiter at once: the store failed, and waiting for it could take as long as its outage.</summary>
    private void FailWaiters(string what, string reason)
    {
        List<TaskCompletionSource<SearchableWait>> waiting;
        lock (_waitersLock)
        {
            waiting = _waiters.Select(w => w.Done).ToList();
            _waiters.Clear();
        }

        var answer = SearchableWait.Failed(NotSearchableReason(what, reason));
        waiting.ForEach(done => done.TrySetResult(answer));
    }

    private async Task<SearchableWait> RefreshForAsync(CancellationToken cancellationToken)
    {
        QueuePosition indexed;
        lock (_waitersLock)
        {
            indexed = _indexedThrough;
        }

        try
        {
            await store.RefreshAsync(cancellationToken);
        }
        catch (Exception ex) when (IsStoreFailure(ex))
        {
            // No later batch may come to refresh again (a quiet queue): answer now rather than wait for one.
            logger.LogWarning("Refreshing the store failed: {Reason}", ex.Message);
            return SearchableWait.Failed(NotSearchableReason("the store's refresh failed", ex.Message));
        }

        MarkSearchable(indexed);
        return SearchableWait.Done;
    }

    private void MarkSearchable(QueuePosition through)
    {
        lock (_waitersLock)
        {
            if (through > _searchableThrough)
            {
                _searchableThrough = through;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var counters = stats.Stage("index");
        var uncommitted = 0;
        QueuePosition? lastEnd = null;
        var lastCommit = clock.GetTimestamp();
        var read = new List<QueuedBatch>();
        var pending = new List<LogEvent>();
        // The batches indexed since the last commit, as positions: only a failed store write makes the indexer send their
        // events again, read back from the queue, so they hold no memory while they wait for the commit.
        var uncommittedBatches = new List<QueuedBatch>();
        var failuresBefore = store.WriteFailures;
        BackgroundCommit? inFlight = null;
        var backgroundFailed = false;

        // The store indexes synchronously, so without this the replay after a crash (up to the queue's 100,000 events) was
        // indexed inside the host's start, before Kestrel listened: on a loaded machine /healthz stayed silent for over 60 s.
        await Task.Yield();

        async Task CommitAsync(QueuePosition end, CancellationToken cancellationToken)
        {
            await WithRetryAsync(async () =>
            {
                // A write that failed since these events were indexed (here or in the store's own refresh or commit) may
                // have dropped some of them: index them all again (upserts by id) until a commit follows a clean stretch.
                long failures;
                do
                {
                    failures = store.WriteFailures;
                    if (failures != failuresBefore && uncommittedBatches.Count > 0)
                    {
                        logger.LogWarning("A store write failed since {Count} events were indexed; indexing them again before the commit", uncommitted);
                        await store.IndexAsync(AsUpserts(EventsOf(uncommittedBatches)), cancellationToken);
                    }

                    failuresBefore = failures;
                    await store.FlushAsync(cancellationToken);
                }
                while (store.WriteFailures != failures);
            }, "commit", cancellationToken);
            await WithRetryAsync(() => queue.CheckpointAsync(end, uncommitted, cancellationToken), "checkpoint", cancellationToken);
            uncommitted = 0;
            uncommittedBatches.Clear();
            lastCommit = clock.GetTimestamp();
        }

        // The commit runs beside the indexing: it writes the store's in-memory segment, a quarter of this loop's time when
        // the loop waited for it, and Lucene takes new documents meanwhile. Only a clean stretch is committed this way;
        // after a failed write the commit above re-indexes and retries.
        void StartBackgroundCommit(QueuePosition end)
        {
            var failures = store.WriteFailures;
            inFlight = new BackgroundCommit(end, uncommitted, uncommittedBatches.Count, failures, Task.Run(() => store.FlushAsync(stoppingToken), CancellationToken.None));
            lastCommit = clock.GetTimestamp();
        }

        async Task FinishBackgroundCommitAsync(CancellationToken cancellationToken)
        {
            var commit = inFlight!;
            inFlight = null;
            try
            {
                await commit.Flush;
            }
            catch (Exception ex) when (IsStoreFailure(ex))
            {
                // Its events stay uncommitted; the next commit is made in the loop, re-indexing them if a write failed.
                logger.LogWarning("A store commit beside the indexing failed ({Reason}); the next commit retries it", ex.Message);
                backgroundFailed = true;
                return;
            }

            if (store.WriteFailures != commit.FailuresAtStart)
            {
                // A write failed meanwhile, here or in the store's own refresh: some of these events may be missing.
                backgroundFailed = true;
                return;
            }

            await WithRetryAsync(() => queue.CheckpointAsync(commit.End, commit.Events, cancellationToken), "checkpoint", cancellationToken);
            uncommitted -= commit.Events;
            uncommittedBatches.RemoveRange(0, commit.Batches);
        }

        try
        {
            while (true)
            {
                stoppingToken.ThrowIfCancellationRequested();
                if (inFlight is not null && !inFlight.Flush.IsCompleted && !queue.Reader.TryPeek(out _))
                {
                    // Nothing to index: wait for the commit (its checkpoint frees the queue's room) or for new events.
                    await Task.WhenAny(inFlight.Flush, queue.Reader.WaitToReadAsync(stoppingToken).AsTask());
                }

                if (inFlight is { Flush.IsCompleted: true })
                {
                    await FinishBackgroundCommitAsync(stoppingToken);
                }

                if (!await WaitForEventsAsync(uncommitted > 0 ? options.Value.CommitInterval - clock.GetElapsedTime(lastCommit) : null, stoppingToken))
                {
                    if (inFlight is not null)
                    {
                        // Quiet until the next commit was due, with one still running: that one first.
                        await FinishBackgroundCommitAsync(stoppingToken);
                        continue;
                    }

                    // The queue stayed empty until the commit was due: commit what is indexed, so an idle queue is trimmed.
                    await CommitAsync(lastEnd!.Value, stoppingToken);
                    backgroundFailed = false;
                    continue;
                }

                read.Clear();
                var readEvents = 0;
                var readBytes = 0L;
                while (readEvents < options.Value.MaxBatchEvents && readBytes < options.Value.MaxBatchBytes && queue.Reader.TryRead(out var batch))
                {
                    read.Add(batch);
                    readEvents += batch.Count;
                    readBytes += batch.Bytes;
                    lastEnd = batch.End;
                }

                // Parsed only now, for the store: waiting in the queue they are their JSON bytes, or only on disk.
                await WithRetryAsync(() =>
                {
                    pending.Clear();
                    pending.AddRange(EventsOf(read));
                    return Task.CompletedTask;
                }, "queue read", stoppingToken);

                IReadOnlyList<LogEvent> unsent = pending;
                var retrying = false;
                await WithRetryAsync(async () =>
                {
                    if (retrying)
                    {
                        if (store.WriteFailures != failuresBefore)
                        {
                            // A write failed in a way that may have dropped this batch in part and what was indexed before it.
                            failuresBefore = store.WriteFailures;
                            unsent = [.. EventsOf(uncommittedBatches), .. pending];
                        }

                        // The failed attempt may have indexed some of them: upserts, so none is indexed twice.
                        unsent = AsUpserts(unsent);
                    }

                    retrying = true;
                    try
                    {
                        await store.IndexAsync(unsent, stoppingToken);
                    }
                    catch (PartiallyIndexedException ex)
                    {
                        // The store has the rest, by id: resend only these, not the whole batch to a store refusing writes.
                        unsent = ex.NotIndexed;
                        throw;
                    }
                }, "index", stoppingToken);
                counters.AddIndexed(pending.Count);
                uncommitted += pending.Count;
                uncommittedBatches.AddRange(read);
                pending.Clear();
                if (lastEnd is { } indexed)
                {
                    await ReleaseWaitersAsync(indexed, stoppingToken);
                }

                // A commit fsyncs every new segment file, so it runs once per CommitInterval at most, not per batch:
                // committing whenever a trickle of small batches drained the queue made commits the bottleneck. It runs
                // sooner once the indexed events hold half the queue's room, so a fast sender never waits for it.
                if (lastEnd is { } end && inFlight is null && (clock.GetElapsedTime(lastCommit) >= options.Value.CommitInterval || uncommitted >= CommitAtEvents))
                {
                    if (backgroundFailed || store.WriteFailures != failuresBefore)
                    {
                        await CommitAsync(end, stoppingToken);
                        backgroundFailed = false;
                    }
                    else
                    {
                        StartBackgroundCommit(end);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (ChannelClosedException)
        {
        }

        if (inFlight is not null)
        {
            try
            {
                // Its events are still counted as uncommitted: the last commit below covers them whatever this did.
                await inFlight.Flush;
            }
            catch (Exception ex) when (IsStoreFailure(ex) || ex is OperationCanceledException)
            {
                logger.LogWarning("A store commit beside the indexing ended with the shutdown: {Reason}", ex.Message);
            }
        }

        // On the way out: commit what was indexed so the next start replays as little as possible. No retries here:
        // a store that cannot commit now must not hold up the shutdown; the queue replays what it did not commit.
        if (lastEnd is { } last && uncommitted > 0)
        {
            try
            {
                if (store.WriteFailures != failuresBefore)
                {
                    await store.IndexAsync(AsUpserts(EventsOf(uncommittedBatches)), CancellationToken.None);
                }

                var failures = store.WriteFailures;
                await store.FlushAsync(CancellationToken.None);
                if (store.WriteFailures == failures)
                {
                    await queue.CheckpointAsync(last, uncommitted, CancellationToken.None);
                }
            }
            catch (Exception ex) when (IsStoreFailure(ex))
            {
                logger.LogError("The last commit before stopping failed ({Reason}); the next start indexes {Count} events again from the queue", ex.Message, uncommitted);
            }
        }
    }

    /// <summary>
    /// Waits until the queue has events (true) or, when <paramref name="commitDueIn"/> is given, until that much time has
    /// passed with the queue still empty (false).
    /// </summary>
    /// <exception cref="ChannelClosedException">The queue was completed: no more events will come.</exception>
    private async Task<bool> WaitForEventsAsync(TimeSpan? commitDueIn, CancellationToken stoppingToken)
    {
        if (queue.Reader.TryPeek(out _))
        {
            return true;
        }

        if (commitDueIn is not { } due)
        {
            return await queue.Reader.WaitToReadAsync(stoppingToken) ? true : throw new ChannelClosedException();
        }

        if (due <= TimeSpan.Zero)
        {
            return false;
        }

        using var timeout = new CancellationTokenSource(due, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        try
        {
            return await queue.Reader.WaitToReadAsync(linked.Token) ? true : throw new ChannelClosedException();
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task ReleaseWaitersAsync(QueuePosition indexed, CancellationToken stoppingToken)
    {
        List<TaskCompletionSource<SearchableWait>> ready;
        lock (_waitersLock)
        {
            _indexedThrough = indexed;
            ready = _waiters.Where(w => w.Position <= indexed).Select(w => w.Done).ToList();
            _waiters.RemoveAll(w => w.Position <= indexed);
        }

        if (ready.Count > 0)
        {
            try
            {
                await store.RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (IsStoreFailure(ex))
            {
                // Not searchable yet, and no later batch may come to refresh again (a quiet queue): the callers are
                // answered now, with the reason; a later wait for these events tries a refresh of its own.
                logger.LogWarning("Refreshing the store failed: {Reason}", ex.Message);
                var answer = SearchableWait.Failed(NotSearchableReason("the store's refresh failed", ex.Message));
                ready.ForEach(done => done.TrySetResult(answer));
                return;
            }

            MarkSearchable(indexed);
            ready.ForEach(done => done.TrySetResult(SearchableWait.Done));
        }
    }

    private static bool IsStoreFailure(Exception ex) =>
        ex is IOException or UnauthorizedAccessException or InvalidOperationException or HttpRequestException or PartiallyIndexedException;

    /// <summary>The events of these batches for the store: held ones taken from memory, the others read back from the queue.</summary>
    private IEnumerable<LogEvent> EventsOf(IEnumerable<QueuedBatch> batches) =>
        batches.SelectMany(queue.ReadEvents).Select(e => e.ToLogEvent());

    private static List<LogEvent> AsUpserts(IEnumerable<LogEvent> events) => events.Select(e => e.MayExist ? e : e with { MayExist = true }).ToList();

    private async Task WithRetryAsync(Func<Task> action, string what, CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        var attempts = 0;
        var counters = stats.Stage("index");
        while (true)
        {
            try
            {
                await action();
                if (attempts > 0)
                {
                    logger.LogWarning("Store {Operation} succeeded after {Attempts} failed attempts", what, attempts);
                    Volatile.Write(ref _failure, null);
                }

                return;
            }
            catch (Exception ex) when (IsStoreFailure(ex))
            {
                attempts++;
                var now = clock.GetUtcNow();
                Volatile.Write(ref _failure, new IndexerFailure(what, ex.Message, _failure?.Since ?? now, attempts, delay));
                counters.Fail($"store {what} failed (attempt {attempts}): {ex.Message}", now);
                FailWaiters($"store {what} failing", ex.Message);
                // The first failure with its stack, then one line per attempt: an outage must not flood the log.
                if (attempts == 1)
                {
                    logger.LogError(ex, "Store {Operation} failed; retrying in {Delay}", what, delay);
                }
                else
                {
                    logger.LogError("Store {Operation} failed again ({Attempts} attempts): {Reason}; retrying in {Delay}", what, attempts, ex.Message, delay);
                }

                await Task.Delay(delay, clock, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }
}
