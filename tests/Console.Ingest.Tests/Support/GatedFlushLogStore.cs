using Console.Shared.Storage;

namespace Console.Ingest.Tests.Support;

/// <summary>A store whose commits (<see cref="FlushAsync"/>) wait until the test opens the gate; everything else goes straight through.</summary>
public sealed class GatedFlushLogStore(ILogStore inner) : ILogStore
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _flushesStarted;

    public int FlushesStarted => Volatile.Read(ref _flushesStarted);

    public long WriteFailures => inner.WriteFailures;

    public void OpenGate() => _gate.TrySetResult();

    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _flushesStarted);
        await _gate.Task.WaitAsync(cancellationToken);
        await inner.FlushAsync(cancellationToken);
    }

    public Task<IndexBatchResult> IndexAsync(IReadOnlyList<Console.Shared.Events.LogEvent> events, CancellationToken cancellationToken = default) =>
        inner.IndexAsync(events, cancellationToken);

    public Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default) => inner.SearchAsync(request, cancellationToken);

    public Task<long> CountAsync(LogQuery query, CancellationToken cancellationToken = default) => inner.CountAsync(query, cancellationToken);

    public Task<HistogramResult> HistogramAsync(HistogramRequest request, CancellationToken cancellationToken = default) => inner.HistogramAsync(request, cancellationToken);

    public Task<TopValuesResult> TopValuesAsync(TopValuesRequest request, CancellationToken cancellationToken = default) => inner.TopValuesAsync(request, cancellationToken);

    public Task<AggregationResult> AggregateAsync(AggregationRequest request, CancellationToken cancellationToken = default) => inner.AggregateAsync(request, cancellationToken);

    public Task<IReadOnlyList<LogField>> GetFieldsAsync(string indexPattern, CancellationToken cancellationToken = default) => inner.GetFieldsAsync(indexPattern, cancellationToken);

    public Task<IReadOnlyList<IndexInfo>> ListIndicesAsync(string indexPattern = "*", CancellationToken cancellationToken = default) => inner.ListIndicesAsync(indexPattern, cancellationToken);

    public Task<bool> DeleteIndexAsync(string name, CancellationToken cancellationToken = default) => inner.DeleteIndexAsync(name, cancellationToken);

    public Task RefreshAsync(CancellationToken cancellationToken = default) => inner.RefreshAsync(cancellationToken);
}
