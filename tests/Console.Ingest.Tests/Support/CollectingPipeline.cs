using Console.Ingest.Pipeline;

namespace Console.Ingest.Tests.Support;

/// <summary>
/// An <see cref="IIngestPipeline"/> that keeps every accepted record in submission order (Serilog's CollectingSink
/// idea). It can be told to fail the next submissions or to take its time, like a full or broken queue.
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

    /// <summary>How long each submission takes before it is accepted.</summary>
    public TimeSpan Delay { get; set; }

    public IReadOnlyList<IngestRecord> Records
    {
        get
        {
            lock (_lock)
            {
                return _records.ToList();
            }
        }
    }

    public IReadOnlyList<string> Messages => Records.Select(r => (string)r.Fields["message"]!).ToList();

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

    public IReadOnlyList<int> BatchSizes
    {
        get
        {
            lock (_lock)
            {
                return _batchSizes.ToList();
            }
        }
    }

    public IReadOnlyList<BackpressureMode> Modes
    {
        get
        {
            lock (_lock)
            {
                return _modes.ToList();
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
                return _acceptedAt.ToList();
            }
        }
    }

    /// <summary>Submissions that were made to fail.</summary>
    public int Failures => Volatile.Read(ref _failures);

    /// <summary>The next <paramref name="count"/> submissions throw, as a pipeline whose disk is failing would.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failuresLeft, count);

    public async ValueTask<SubmitResult> SubmitAsync(IReadOnlyList<IngestRecord> records, BackpressureMode whenFull, CancellationToken cancellationToken)
    {
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
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

        return new SubmitResult(records.Count, 0, false);
    }
}
