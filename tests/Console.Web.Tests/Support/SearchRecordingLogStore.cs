using System.Collections.Concurrent;
using Console.Shared.Events;
using Console.Shared.Storage;

namespace Console.Web.Tests.Support;

/// <summary>The inner store, with every <see cref="SearchRequest"/> it was asked, in order, so a test can check what a page fetched.</summary>
public sealed class SearchRecordingLogStore(ILogStore inner) : ILogStore
{
    private readonly ConcurrentQueue<SearchRequest> _searches = new();

    public IReadOnlyList<SearchRequest> Searches => [.. _searches];

    public Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        _searches.Enqueue(request);
        return inner.SearchAsync(request, cancellationToken);
    }

    public Task<long> CountAsync(LogQuery query, CancellationToken cancellationToken = default) => inner.CountAsync(query, cancellationToken);

    public Task<HistogramResult> HistogramAsync(HistogramRequest request, CancellationToken cancellationToken = default) => inner.HistogramAsync(request, cancellationToken);

    public Task<TopValuesResult> TopValuesAsync(TopValuesRequest request, CancellationToken cancellationToken = default) => inner.TopValuesAsync(request, cancellationToken);

    public Task<AggregationResult> AggregateAsync(AggregationRequest request, CancellationToken cancellationToken = default) => inner.AggregateAsync(request, cancellationToken);

    public Task<IndexBatchResult> IndexAsync(IReadOnlyList<LogEvent> events, CancellationToken cancellationToken = default) => inner.IndexAsync(events, cancellationToken);

    public Task<IReadOnlyList<LogField>> GetFieldsAsync(string indexPattern, CancellationToken cancellationToken = default) => inner.GetFieldsAsync(indexPattern, cancellationToken);

    public Task<IReadOnlyList<IndexInfo>> ListIndicesAsync(string indexPattern = "*", CancellationToken cancellationToken = default) => inner.ListIndicesAsync(indexPattern, cancellationToken);

    public Task<bool> DeleteIndexAsync(string name, CancellationToken cancellationToken = default) => inner.DeleteIndexAsync(name, cancellationToken);

    public Task RefreshAsync(CancellationToken cancellationToken = default) => inner.RefreshAsync(cancellationToken);

    public Task FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);
}
