using Console.Shared.Events;
using Console.Shared.Storage;

namespace Console.Web.Tests.Faults.Io;

/// <summary>
/// A store that refuses every write (index, refresh, commit) while an outage lasts, as an unreachable or failing
/// cluster does, and passes everything else to the real store; registered only by the fault tests.
/// </summary>
public sealed class OutageLogStore(ILogStore inner) : ILogStore
{
    private static readonly string[] AllWrites = ["index", "refresh", "flush"];

    private long _outageEndsTicks;
    private long _refusedWrites;
    private volatile string[] _failing = AllWrites;

    /// <summary>Writes refused so far.</summary>
    public long RefusedWrites => Interlocked.Read(ref _refusedWrites);

    public bool InOutage => DateTimeOffset.UtcNow.UtcTicks < Interlocked.Read(ref _outageEndsTicks);

    public long WriteFailures => inner.WriteFailures;

    /// <summary>Every write (or only the <paramref name="operations"/> named: index, refresh, flush) fails from now until <see cref="Recover"/>.</summary>
    public void Fail(params string[] operations)
    {
        _failing = operations.Length == 0 ? AllWrites : operations;
        Interlocked.Exchange(ref _outageEndsTicks, long.MaxValue);
    }

    public void Recover() => Interlocked.Exchange(ref _outageEndsTicks, 0);

    public Task<IndexBatchResult> IndexAsync(IReadOnlyList<LogEvent> events, CancellationToken cancellationToken = default)
    {
        RefuseDuringOutage("index");
        return inner.IndexAsync(events, cancellationToken);
    }

    public Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        RefuseDuringOutage("refresh");
        return inner.RefreshAsync(cancellationToken);
    }

    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        RefuseDuringOutage("flush");
        return inner.FlushAsync(cancellationToken);
    }

    public Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default) => inner.SearchAsync(request, cancellationToken);

    public Task<long> CountAsync(LogQuery query, CancellationToken cancellationToken = default) => inner.CountAsync(query, cancellationToken);

    public Task<HistogramResult> HistogramAsync(HistogramRequest request, CancellationToken cancellationToken = default) => inner.HistogramAsync(request, cancellationToken);

    public Task<TopValuesResult> TopValuesAsync(TopValuesRequest request, CancellationToken cancellationToken = default) => inner.TopValuesAsync(request, cancellationToken);

    public Task<AggregationResult> AggregateAsync(AggregationRequest request, CancellationToken cancellationToken = default) => inner.AggregateAsync(request, cancellationToken);

    public Task<IReadOnlyList<LogField>> GetFieldsAsync(string indexPattern, CancellationToken cancellationToken = default) => inner.GetFieldsAsync(indexPattern, cancellationToken);

    public Task<IReadOnlyList<IndexInfo>> ListIndicesAsync(string indexPattern = "*", CancellationToken cancellationToken = default) => inner.ListIndicesAsync(indexPattern, cancellationToken);

    public Task<bool> DeleteIndexAsync(string name, CancellationToken cancellationToken = default) => inner.DeleteIndexAsync(name, cancellationToken);

    private void RefuseDuringOutage(string operation)
    {
        if (InOutage && _failing.Contains(operation))
        {
            Interlocked.Increment(ref _refusedWrites);
            throw new HttpRequestException($"the store answered 503 Service Unavailable to {operation} (simulated outage)");
        }
    }
}
