using Console.Ingest.Pipeline;

namespace Console.Ingest.Tests.Support;

/// <summary>
/// An <see cref="IIngestPipeline"/> that keeps what it is given, in order (Serilog's CollectingSink idea). Set
/// <see cref="IsFull"/> to play a full queue: <see cref="BackpressureMode.Wait"/> submissions then wait until it is
/// cleared, and <see cref="BackpressureMode.Reject"/> ones get <see cref="SubmitResult.Full"/>. It can also be told to
/// fail the next submissions (<see cref="FailNext"/>) or to take its time (<see cref="Delay"/>), like a broken or slow queue.
/// </summary>
public sealed class CollectingPipeline : IIngestPipeline
{
    private readonly Lock _lock = new();
    private readonly List<IngestRecord> _records = [];
    private readonly List<int> _batchSizes = [];
    private readonly List<BackpressureMode> _modes = [];
    private readonly List<long> _acceptedAt = [];
    private int _failuresLeft;
    private int _failures;
    private TaskCompletionSource _room = NewRoom(open: true);
    private int _waiting;

    public IReadOnlyList<IngestRecord> Records
    {
        get
        {
            lock (_lock)
            {
                return [.. _records];
            }
        }
    }

    public IReadOnlyList<int> BatchSizes
    {
        get
        {
            lock (_lock)
            {
                return [.. _batchSizes];
            }
        }
    }

    /// <summary>How long each submission takes before it is accepted.</summary>
    public TimeSpan Delay { get; set; }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _records.Count;
            }
        }
    }

    public IReadOnlyList<BackpressureMode> Modes
    {
        get
        {
            lock (_lock)
            {
                return [.. _modes];
            }
        }
    }

    /// <summary>When each accepted submission arrived (<see cref="System.Diagnostics.Stopwatch"/> timestamps), for throughput.</summary>
    public IReadOnlyList<long> AcceptedAt
    {
        get
        {
            lock (_lock)
            {
                return [.. _acceptedAt];
            }
        }
    }

    /// <summary>Submissions that were made to fail.</summary>
    public int Failures => Volatile.Read(ref _failures);

    /// <summary>The next <paramref name="count"/> submissions throw, as a pipeline whose disk is failing would.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failuresLeft, count);

    /// <summary>Submissions currently waiting for room.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public bool IsFull
    {
        get
        {
            lock (_lock)
            {
                return !_room.Task.IsCompleted;
            }
        }
        set
        {
            lock (_lock)
            {
                if (value && _room.Task.IsCompleted)
                {
                    _room = NewRoom(open: false);
                }
                else if (!value)
                {
                    _room.TrySetResult();
                }
            }
        }
    }

    public ValueTask<SubmitResult> SubmitAsync(IReadOnlyList<IngestRecord> records, BackpressureMode whenFull, CancellationToken cancellationToken) =>
        SubmitAsync(records, whenFull, whenFull == BackpressureMode.Wait ? Timeout.InfiniteTimeSpan : TimeSpan.Zero, cancellationToken);

    /// <summary>A bounded wait: recorded as <see cref="BackpressureMode.Wait"/>; <see cref="SubmitResult.Full"/> when the room does not come in time.</summary>
    public ValueTask<SubmitResult> SubmitAsync(IReadOnlyList<IngestRecord> records, TimeSpan maxWaitForRoom, CancellationToken cancellationToken) =>
        SubmitAsync(records, BackpressureMode.Wait, maxWaitForRoom, cancellationToken);

    private async ValueTask<SubmitResult> SubmitAsync(IReadOnlyList<IngestRecord> records, BackpressureMode whenFull, TimeSpan maxWaitForRoom, CancellationToken cancellationToken)
    {
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }

        Task room;
        lock (_lock)
        {
            room = _room.Task;
        }

        if (!room.IsCompleted)
        {
            if (whenFull == BackpressureMode.Reject)
            {
                return SubmitResult.Full;
            }

            Interlocked.Increment(ref _waiting);
            try
            {
                await room.WaitAsync(maxWaitForRoom, cancellationToken);
            }
            catch (TimeoutException)
            {
                return SubmitResult.Full;
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }

        lock (_lock)
        {
            if (_failuresLeft > 0)
            {
                _failuresLeft--;
                _failures++;
                throw new IOException("simulated pipeline failure");
            }

            _records.AddRange(records);
            _batchSizes.Add(records.Count);
            _modes.Add(whenFull);
            _acceptedAt.Add(System.Diagnostics.Stopwatch.GetTimestamp());
        }

        return new SubmitResult(records.Count, 0, QueueFull: false);
    }

    /// <summary>Polls until <paramref name="done"/> holds for the records so far; fails with what arrived after <paramref name="timeout"/> (10 s).</summary>
    public async Task<IReadOnlyList<IngestRecord>> WaitForAsync(Func<IReadOnlyList<IngestRecord>, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var records = Records;
            if (done(records))
            {
                return records;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"The pipeline did not get what the test waited for; it got {records.Count} records:\n" +
                            string.Join("\n", records.Take(50).Select(r => r.Input + " " + r.Fields.ToJsonString())));
            }

            await Task.Delay(20);
        }
    }

    public Task<IReadOnlyList<IngestRecord>> WaitForCountAsync(int count, TimeSpan? timeout = null) => WaitForAsync(r => r.Count >= count, timeout);

    /// <summary>The <c>message</c> of each record, in order.</summary>
    public IReadOnlyList<string> Messages => Records.Select(r => (string?)r.Fields["message"] ?? string.Empty).ToList();

    private static TaskCompletionSource NewRoom(bool open)
    {
        var room = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (open)
        {
            room.SetResult();
        }

        return room;
    }
}
