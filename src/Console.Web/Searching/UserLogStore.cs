using Console.Shared.Events;
using Console.Shared.Query.Limits;
using Console.Shared.Storage;

namespace Console.Web.Searching;

/// <summary>
/// The store as the pages of one circuit see it: each search waits in line for one of its user's
/// <see cref="QueryLimitsOptions.MaxConcurrentSearchesPerUser"/> slots (shared with that user's API calls) and frees it
/// when done, failed or cancelled. Everything but searches goes straight to the store. When the circuit ends, its
/// searches still waiting leave the line and those running are cancelled.
/// </summary>
public sealed class UserLogStore(ILogStore inner, SearchConcurrencyLimiter limiter, CurrentSearchCaller caller) : ILogStore, IDisposable
{
    private readonly CancellationTokenSource _closed = new();
    private int _disposed;

    public Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default) =>
        InSlotAsync(token => inner.SearchAsync(request, token), cancellationToken);

    public Task<long> CountAsync(LogQuery query, CancellationToken cancellationToken = default) =>
        InSlotAsync(token => inner.CountAsync(query, token), cancellationToken);

    public Task<HistogramResult> HistogramAsync(HistogramRequest request, CancellationToken cancellationToken = default) =>
        InSlotAsync(token => inner.HistogramAsync(request, token), cancellationToken);

    public Task<TopValuesResult> TopValuesAsync(TopValuesRequest request, CancellationToken cancellationToken = default) =>
        InSlotAsync(token => inner.TopValuesAsync(request, token), cancellationToken);

    public Task<AggregationResult> AggregateAsync(AggregationRequest request, CancellationToken cancellationToken = default) =>
        InSlotAsync(token => inner.AggregateAsync(request, token), cancellationToken);

    // Not searches (the API does not count them either): the fields of a pattern, index administration.
    public Task<IReadOnlyList<LogField>> GetFieldsAsync(string indexPattern, CancellationToken cancellationToken = default) =>
        inner.GetFieldsAsync(indexPattern, cancellationToken);

    public Task<IndexBatchResult> IndexAsync(IReadOnlyList<LogEvent> events, CancellationToken cancellationToken = default) =>
        inner.IndexAsync(events, cancellationToken);

    public Task<IReadOnlyList<IndexInfo>> ListIndicesAsync(string indexPattern = "*", CancellationToken cancellationToken = default) =>
        inner.ListIndicesAsync(indexPattern, cancellationToken);

    public Task<bool> DeleteIndexAsync(string name, CancellationToken cancellationToken = default) => inner.DeleteIndexAsync(name, cancellationToken);

    public Task RefreshAsync(CancellationToken cancellationToken = default) => inner.RefreshAsync(cancellationToken);

    public Task FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _closed.Cancel();
            _closed.Dispose();
        }
    }

    private async Task<T> InSlotAsync<T>(Func<CancellationToken, Task<T>> search, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        var who = await caller.GetAsync().ConfigureAwait(false);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
        // Resumed off the circuit's thread: a search that waited must not run the embedded store's synchronous work there.
        using var slot = await limiter.EnterAsync(who, linked.Token).ConfigureAwait(false);
        return await search(linked.Token).ConfigureAwait(false);
    }
}
