using Console.Shared.Events;

namespace Console.Shared.Storage;

/// <summary>
/// Where events live. The embedded Lucene store and the Elasticsearch store both implement it and must give the same
/// hits for the same query. Reads name an index pattern such as <c>thebot-logs-*</c> and open only the daily indices
/// in their time range.
/// </summary>
public interface ILogStore
{
    /// <summary>
    /// Indexes a batch; events are searchable after the next refresh (at most a second, or at once for the next search of an
    /// index nobody has searched lately) and durable after <see cref="FlushAsync"/>.
    /// </summary>
    Task<IndexBatchResult> IndexAsync(IReadOnlyList<LogEvent> events, CancellationToken cancellationToken = default);

    /// <exception cref="Query.QuerySyntaxException">The query does not parse.</exception>
    Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default);

    Task<long> CountAsync(LogQuery query, CancellationToken cancellationToken = default);

    Task<HistogramResult> HistogramAsync(HistogramRequest request, CancellationToken cancellationToken = default);

    Task<TopValuesResult> TopValuesAsync(TopValuesRequest request, CancellationToken cancellationToken = default);

    /// <summary>A metric over the matching events, optionally per time bucket and/or per value of a field, exact over every event.</summary>
    /// <exception cref="StoreRequestException">The request is not valid (a metric without a field, a full-text field, too many buckets) or goes beyond <see cref="AggregationLimits"/>.</exception>
    Task<AggregationResult> AggregateAsync(AggregationRequest request, CancellationToken cancellationToken = default);

    /// <summary>The fields of the events in the indices matching <paramref name="indexPattern"/>, with their types.</summary>
    Task<IReadOnlyList<LogField>> GetFieldsAsync(string indexPattern, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<IndexInfo>> ListIndicesAsync(string indexPattern = "*", CancellationToken cancellationToken = default);

    /// <summary>Deletes one concrete index; returns false when there is none of that name.</summary>
    Task<bool> DeleteIndexAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Makes everything indexed so far searchable.</summary>
    Task RefreshAsync(CancellationToken cancellationToken = default);

    /// <summary>Makes everything indexed so far durable (a Lucene commit, an Elasticsearch flush).</summary>
    Task FlushAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// How many writes (index, refresh, commit, by any caller) have failed in a way that may have discarded documents
    /// indexed but not yet committed: Lucene drops a segment it could not flush (a full disk). Whoever indexes from a
    /// durable queue re-indexes what it has not committed when this changes. Stores that never drop accepted
    /// documents keep it at 0.
    /// </summary>
    long WriteFailures => 0;
}
