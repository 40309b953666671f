using Console.Shared.Events;
using Console.Shared.Storage;

namespace Console.Web.Tests.Support;

/// <summary>A store whose searches all run out of time, as a store does past <c>Query:Timeout</c>; everything else goes to the real one.</summary>
public sealed class TimingOutLogStore(ILogStore inner) : ILogStore
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default) =>
        Task.FromException<SearchResult>(new QueryTimeoutException(Timeout, new OperationCanceledException()));

    public Task<long> CountAsync(LogQuery query, CancellationToken cancellationToken = default) =>
        Task.FromException<long>(new QueryTimeoutException(Timeout, new OperationCanceledException()));

    public Task<HistogramResult> HistogramAsync(HistogramRequest request, CancellationToken cancellationToken = default) =>
        Task.FromException<HistogramResult>(new QueryTimeoutException(Timeout, new OperationCanceledException()));

    public Task<TopValuesResult> TopValuesAsync(TopValuesRequest request, CancellationToken cancellationToken = default) =>
        Task.FromException<TopValuesResult>(new QueryTimeoutException(Timeout, new OperationCanceledException()));

    public Task<AggregationResult> AggregateAsync(AggregationRequest request, CancellationToken cancellationToken = default) =>
        Task.FromException<AggregationResult>(new QueryTimeoutException(Timeout, new OperationCanceledException()));

    public Task<IndexBatchResult> IndexAsync(IReadOnlyList<LogEvent> events, CancellationToken cancellationToken = default) => inner.IndexAsync(events, cancellationToken);

    public Task<IReadOnlyList<LogField>> GetFieldsAsync(string indexPattern, CancellationToken cancellationToken = default) => inner.GetFieldsAsync(indexPattern, cancellationToken);

    public Task<IReadOnlyList<IndexInfo>> ListIndicesAsync(string indexPattern = "*", CancellationToken cancellationToken = default) => inner.ListIndicesAsync(indexPattern, cancellationToken);

    public Task<bool> DeleteIndexAsync(string name, CancellationToken cancellationToken = default) => inner.DeleteIndexAsync(name, cancellationToken);

    public Task RefreshAsync(CancellationToken cancellationToken = default) => inner.RefreshAsync(cancellationToken);

    public Task FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);
}
