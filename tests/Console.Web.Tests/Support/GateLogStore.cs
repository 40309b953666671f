using Console.Shared.Events;
using Console.Shared.Storage;

namespace Console.Web.Tests.Support;

/// <summary>
/// A store whose searches (those <see cref="Gates"/> picks; all by default) wait at a gate the test opens, counting how
/// many are inside at once, so a test sees the most searches that ever ran together. Everything else, and every search
/// once past the gate, goes to the inner store; with none, a count answers 0.
/// </summary>
public sealed class GateLogStore(ILogStore? inner = null) : ILogStore
{
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running;
    private int _maxRunning;
    private int _started;

    /// <summary>Which searches wait at the gate, by their query.</summary>
    public Func<LogQuery, bool> Gates { get; set; } = _ => true;

    /// <summary>Thrown by each gated search once past the gate, when set.</summary>
    public Exception? Failure { get; set; }

    /// <summary>Gated searches inside the store now.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>The most gated searches that were ever inside at once.</summary>
    public int MaxRunning => Volatile.Read(ref _maxRunning);

    /// <summary>Gated searches that reached the store so far.</summary>
    public int Started => Volatile.Read(ref _started);

    /// <summary>Lets every waiting and later search through.</summary>
    public void Open() => _gate.TrySetResult();

    /// <summary>Makes later searches wait again and forgets the counts.</summary>
    public void Close()
    {
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        (_running, _maxRunning, _started) = (0, 0, 0);
    }

    public Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default) =>
        ThroughAsync(request.Query, () => Inner.SearchAsync(request, cancellationToken), cancellationToken);

    public Task<long> CountAsync(LogQuery query, CancellationToken cancellationToken = default) =>
        ThroughAsync(query, () => inner is null ? Task.FromResult(0L) : inner.CountAsync(query, cancellationToken), cancellationToken);

    public Task<HistogramResult> HistogramAsync(HistogramRequest request, CancellationToken cancellationToken = default) =>
        ThroughAsync(request.Query, () => Inner.HistogramAsync(request, cancellationToken), cancellationToken);

    public Task<TopValuesResult> TopValuesAsync(TopValuesRequest request, CancellationToken cancellationToken = default) =>
        ThroughAsync(request.Query, () => Inner.TopValuesAsync(request, cancellationToken), cancellationToken);

    public Task<AggregationResult> AggregateAsync(AggregationRequest request, CancellationToken cancellationToken = default) =>
        ThroughAsync(request.Query, () => Inner.AggregateAsync(request, cancellationToken), cancellationToken);

    public Task<IndexBatchResult> IndexAsync(IReadOnlyList<LogEvent> events, CancellationToken cancellationToken = default) => Inner.IndexAsync(events, cancellationToken);

    public Task<IReadOnlyList<LogField>> GetFieldsAsync(string indexPattern, CancellationToken cancellationToken = default) =>
        inner is null ? Task.FromResult<IReadOnlyList<LogField>>([]) : inner.GetFieldsAsync(indexPattern, cancellationToken);

    public Task<IReadOnlyList<IndexInfo>> ListIndicesAsync(string indexPattern = "*", CancellationToken cancellationToken = default) => Inner.ListIndicesAsync(indexPattern, cancellationToken);

    public Task<bool> DeleteIndexAsync(string name, CancellationToken cancellationToken = default) => Inner.DeleteIndexAsync(name, cancellationToken);

    public Task RefreshAsync(CancellationToken cancellationToken = default) => inner?.RefreshAsync(cancellationToken) ?? Task.CompletedTask;

    public Task FlushAsync(CancellationToken cancellationToken = default) => inner?.FlushAsync(cancellationToken) ?? Task.CompletedTask;

    private ILogStore Inner => inner ?? throw new InvalidOperationException("this gate store has no inner store: only counts answer");

    private async Task<T> ThroughAsync<T>(LogQuery query, Func<Task<T>> search, CancellationToken cancellationToken)
    {
        if (!Gates(query))
        {
            return await search();
        }

        Interlocked.Increment(ref _started);
        var now = Interlocked.Increment(ref _running);
        for (var max = Volatile.Read(ref _maxRunning); now > max && Interlocked.CompareExchange(ref _maxRunning, now, max) != max; max = Volatile.Read(ref _maxRunning))
        {
        }

        try
        {
            await _gate.Task.WaitAsync(cancellationToken);
            await Task.Yield(); // let other searches in meanwhile, if anything would let them
            if (Failure is { } failure)
            {
                throw failure;
            }

            return await search();
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }
}
