using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Console.Shared.Events;
using Console.Shared.Query;
using Console.Shared.Query.Limits;
using FieldType = Console.Shared.Events.FieldType;
using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// The default store: one Lucene.Net index per daily index under <c>{DataPath}/indices</c>, searched near-real-time
/// through each index's writer. Reads open only the indices whose day overlaps the query's time range.
/// </summary>
public sealed partial class LuceneLogStore : ILogStore, IDisposable
{
    /// <summary>A page of hits is first looked for in this fraction of the time range, at the end it is sorted from (see SearchPage).</summary>
    private const int WindowFraction = 16;

    /// <summary>How much longer each next stretch is, until it is the whole range.</summary>
    private const int WindowGrowth = 4;

    /// <summary>
    /// Below this many possible matches a page is sorted in one pass: cheaper than looking in stretches first. Sorting is
    /// the dear part (newest first over segments written oldest first, nearly every match enters the page's queue: a page
    /// of 19,000 matches took ~20 ms at 1 M), while a stretch only re-reads the query's postings and the total is mostly
    /// known without matching (see <see cref="HitCounter"/>), so stretches pay from about a thousand matches on.
    /// </summary>
    private const long WindowedSearchMinMatches = 1_000;

    /// <summary>
    /// An index whose in-memory segment passes this share of <see cref="StorageOptions.RamBufferMegabytes"/> has it written
    /// from another thread (<see cref="LuceneIndex.WriteBufferInBackground"/>), long before Lucene would make the indexing
    /// thread write it. A bulk load of 1 M events on two cores went from 26 s to 22 s (BENCHMARKS.md, findings of
    /// 2026-11-27 16:00).
    /// </summary>
    private const double BackgroundWriteShare = 0.5;

    private readonly StorageOptions _options;
    private readonly QueryLimitsOptions _limits;
    private readonly TimeProvider _clock;
    private readonly ILogger<LuceneLogStore> _logger;
    private readonly string _root;
    private readonly Analyzer _analyzer = LogQueryParser.CreateTextAnalyzer();
    private readonly FieldCatalog _catalog;
    private readonly QueryCache _queryCache = new();
    private readonly ConcurrentDictionary<string, Lazy<LuceneIndex>> _indices = new(StringComparer.Ordinal);
    private readonly ThreadLocal<DocumentBuilder> _builders;
    private readonly long _searchIdleTicks;
    private readonly SemaphoreSlim _commitLock = new(1, 1);
    private readonly long _backgroundWriteBytes;
    private readonly Action<LuceneIndex, Exception> _backgroundWriteFailed;
    private long _sequence;
    private long _writeFailures;
    private int _disposed;

    public LuceneLogStore(IOptions<StorageOptions> options, TimeProvider clock, ILogger<LuceneLogStore> logger)
        : this(options, Options.Create(new QueryLimitsOptions()), clock, logger)
    {
    }

    public LuceneLogStore(IOptions<StorageOptions> options, IOptions<QueryLimitsOptions> limits, TimeProvider clock, ILogger<LuceneLogStore> logger)
    {
        ConsoleCodec.Register(); // before anything reads an index's segments, which name their codec
        _options = options.Value;
        _limits = limits.Value;
        _clock = clock;
        _logger = logger;
        _root = Path.GetFullPath(Path.Combine(_options.DataPath, "indices"));
        Directory.CreateDirectory(_root);
        _catalog = new FieldCatalog(Path.Combine(_root, "_fields.json"), _options.MaxFieldsPerIndex);
        _builders = new ThreadLocal<DocumentBuilder>(() => new DocumentBuilder(_catalog));
        _backgroundWriteBytes = (long)(_options.RamBufferMegabytes * 1024L * 1024 * BackgroundWriteShare);
        _searchIdleTicks = (long)(_options.SearchIdleAfter.TotalSeconds * clock.TimestampFrequency);
        _backgroundWriteFailed = OnBackgroundWriteFailed;

        // Sequence numbers only order events of the same millisecond; starting from the clock keeps them increasing across restarts.
        _sequence = clock.GetUtcNow().ToUnixTimeMilliseconds() << 20;

        foreach (var directory in Directory.EnumerateDirectories(_root))
        {
            var name = Path.GetFileName(directory);
            if (IndexNames.Validate(name) is null)
            {
                _indices[name] = new Lazy<LuceneIndex>(() => OpenIndex(name));
            }
        }

        _logger.LogInformation("Embedded store at {Root} with {Count} indices", _root, _indices.Count);
    }

    /// <inheritdoc/>
    public long WriteFailures => Interlocked.Read(ref _writeFailures);

    public Task<IndexBatchResult> IndexAsync(IReadOnlyList<LogEvent> events, CancellationToken cancellationToken = default)
    {
        try
        {
            return IndexBatch(events, cancellationToken);
        }
        catch (Exception ex) when (IsWriteFailure(ex))
        {
            // Stored fields are written as documents come in: a failed write aborts the writer's whole in-memory segment.
            Interlocked.Increment(ref _writeFailures);
            if (ex is AggregateException aggregate)
            {
                // Parallel.For wraps the disk's error; callers retry on the IOException itself.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(aggregate.Flatten().InnerExceptions.First(e => IsWriteFailure(e)));
            }

            throw;
        }
    }

    /// <summary>Most threads that write a batch of <paramref name="events"/> events into <paramref name="indices"/> indices, one index each.</summary>
    internal int IndexingThreadsFor(int events, int indices) =>
        events >= 2_000 ? Math.Min(_options.IndexingThreads ?? Environment.ProcessorCount, indices) : 1;

    private static bool IsWriteFailure(Exception ex) =>
        ex is IOException or UnauthorizedAccessException || (ex is AggregateException aggregate && aggregate.InnerExceptions.Any(IsWriteFailure));

    private Task<IndexBatchResult> IndexBatch(IReadOnlyList<LogEvent> events, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        events = DivertReadOnlyWrites(events); // see LuceneLogStore.Lifecycle.cs
        var flagged = 0;
        if (events.Count == 0)
        {
            return Task.FromResult(new IndexBatchResult(0, 0));
        }

        // Each index is written by one thread: Lucene gives every thread that writes an index its own in-memory segment,
        // so two threads on one index made each refresh flush, and the merges fold again, two small segments instead of one.
        // Different indices (logs and errors, two days) are still written side by side.
        var groups = ByIndex(events);
        Parallel.For(0, groups.Count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = IndexingThreadsFor(events.Count, groups.Count) }, part =>
        {
            var (name, members) = groups[part];
            var index = GetOrCreate(name);
            // The group's sequence numbers are one block, in the order its events are written.
            var firstSequence = Interlocked.Add(ref _sequence, members.Count) - members.Count + 1;
            Interlocked.Add(ref flagged, index.Write(members, _builders.Value!, firstSequence));
        });

        string? last = null;
        foreach (var logEvent in events)
        {
            if (!string.Equals(logEvent.Index, last, StringComparison.Ordinal))
            {
                last = logEvent.Index;
                var index = GetOrCreate(last);
                index.WriteBufferInBackground(_backgroundWriteBytes, _backgroundWriteFailed);
            }
        }

        return Task.FromResult(new IndexBatchResult(events.Count, flagged));
    }

    public Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        if (request.Size < 0)
        {
            throw new StoreRequestException("size must be 0 or more");
        }

        if (request.Size > _limits.MaxResultWindow)
        {
            throw new QueryLimitException($"size {request.Size} is beyond the result window; page further with search_after",
                nameof(QueryLimitsOptions.MaxResultWindow), _limits.MaxResultWindow);
        }

        FieldDoc? after = null;
        if (!string.IsNullOrEmpty(request.SearchAfter))
        {
            if (!SearchCursor.TryDecode(request.SearchAfter, out var afterTime, out var afterSequence))
            {
                throw new StoreRequestException("search_after is not a cursor returned by a previous search");
            }

            after = new FieldDoc(int.MaxValue, float.NaN, [J2N.Numerics.Int64.GetInstance(afterTime), J2N.Numerics.Int64.GetInstance(afterSequence)]);
        }

        return Task.FromResult(WithSearcher(request.Query, (searcher, query, parsed, indices) =>
        {
            var descending = request.Sort == SortOrder.Descending;
            var sort = TimeOrderSort.For(descending);
            var size = request.Size + 1; // one more than asked tells whether a next page exists
            var top = SearchPage(searcher, query, parsed, request, after, size, sort);

            var hits = new List<SearchHit>(Math.Min(request.Size, top.ScoreDocs.Length));
            FieldDoc? last = null;
            foreach (var scoreDoc in top.ScoreDocs.Take(request.Size))
            {
                var fieldDoc = (FieldDoc)scoreDoc;
                hits.Add(ReadHit(searcher, indices, fieldDoc));
                last = fieldDoc;
            }

            var next = last is not null && top.ScoreDocs.Length > request.Size ? CursorOf(last) : null;
            var took = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return new SearchResult(top.TotalHits, took, hits, next);
        }, emptyResult: new SearchResult(0, 0, [], null), cancellationToken));
    }

    public Task<long> CountAsync(LogQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult(WithSearcher(query, (searcher, filtered, parsed, _) =>
            (long)HitCounter.Count(searcher, filtered, parsed, query.From?.ToUnixTimeMilliseconds(), query.To?.ToUnixTimeMilliseconds()),
            emptyResult: 0L, cancellationToken));

    public Task<HistogramResult> HistogramAsync(HistogramRequest request, CancellationToken cancellationToken = default)
    {
        var from = request.Query.From ?? throw new StoreRequestException("a histogram needs a start time (from)");
        var to = request.Query.To ?? _clock.GetUtcNow();
        var layout = TimeBuckets.For(from, to, request.Interval);
        var (origin, intervalMillis, bucketCount) = (layout.OriginMillis, layout.IntervalMillis, layout.Count);
        var interval = request.Interval ?? HistogramIntervals.Auto(from, to);
        var collector = new TimestampHistogramCollector(origin, intervalMillis, bucketCount);
        WithSearcher(request.Query, (searcher, query, parsed, _) =>
        {
            if (parsed is MatchAllDocsQuery)
            {
                // Discover's default histogram: no query, so count the doc values of the segments in range directly.
                var (fromMillis, toMillis) = (from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds());
                foreach (var leaf in searcher.IndexReader.Leaves.Where(l => TimeRangeFilter.MayOverlap(l.AtomicReader, fromMillis, toMillis)))
                {
                    QueryCancellation.ThrowIfCancelled();
                    collector.CountSegment(leaf.AtomicReader, fromMillis, toMillis);
                }
            }
            else
            {
                searcher.Search(query, collector);
            }

            return 0;
        }, emptyResult: 0, cancellationToken);

        var buckets = new HistogramBucket[bucketCount];
        for (var i = 0; i < bucketCount; i++)
        {
            buckets[i] = new HistogramBucket(DateTimeOffset.FromUnixTimeMilliseconds(origin + i * intervalMillis), collector.Counts[i]);
        }

        return Task.FromResult(new HistogramResult(interval, collector.Total, buckets));
    }

    public Task<TopValuesResult> TopValuesAsync(TopValuesRequest request, CancellationToken cancellationToken = default)
    {
        if (request.Size is < 1 or > 1000)
        {
            throw new StoreRequestException("size must be between 1 and 1000");
        }

        if (request.SampleSize is < 1)
        {
            throw new StoreRequestException("the sample size must be at least 1");
        }

        var families = FamiliesOf(request.Query.IndexPattern);
        var type = LogSchema.Known.TryGetValue(request.Field, out var known) ? known : _catalog.For(families).TypeOf(request.Field);
        if (request.Field == LogSchema.Timestamp)
        {
            throw new StoreRequestException("@timestamp has no top values; use the histogram");
        }

        if (type == Events.FieldType.Text)
        {
            throw new StoreRequestException($"{request.Field} is a full-text field; top values need a keyword, numeric or boolean field");
        }

        if (type is null)
        {
            return Task.FromResult(new TopValuesResult(request.Field, 0, 0, [], 0));
        }

        var collector = new TopValuesCollector(request.Field, type.Value, request.SampleSize);
        WithSearcher(request.Query, (searcher, parsed, _) =>
        {
            searcher.Search(parsed, collector);
            return 0;
        }, emptyResult: 0, cancellationToken);

        var all = collector.Result();
        var top = all.Take(request.Size).Select(p => new TopValue(p.Key, p.Value)).ToList();
        var other = all.Skip(request.Size).Sum(p => p.Value);
        return Task.FromResult(new TopValuesResult(request.Field, collector.Total, collector.WithField, top, other) { IsSample = collector.Stopped });
    }

    public Task<AggregationResult> AggregateAsync(AggregationRequest request, CancellationToken cancellationToken = default)
    {
        var families = FamiliesOf(request.Query.IndexPattern);
        var types = _catalog.For(families);
        var (query, metric, metricType, split, splitType, time) = AggregationRequests.Check(request, types.TypeOf, _clock);
        var collector = new AggregationCollector(time, split, splitType, metric, metricType, cancellationToken);
        WithSearcher(query, (searcher, filtered, parsed, _) =>
        {
            if (parsed is MatchAllDocsQuery)
            {
                // No query: walk the segments in range over their doc values, as the histogram does, without a scorer.
                var fromMillis = query.From?.ToUnixTimeMilliseconds() ?? long.MinValue;
                var toMillis = query.To?.ToUnixTimeMilliseconds() ?? long.MaxValue;
                foreach (var leaf in searcher.IndexReader.Leaves.Where(l => TimeRangeFilter.MayOverlap(l.AtomicReader, fromMillis, toMillis)))
                {
                    QueryCancellation.ThrowIfCancelled();
                    collector.CollectSegment(leaf, fromMillis, toMillis);
                }
            }
            else
            {
                searcher.Search(filtered, collector);
            }

            return 0;
        }, emptyResult: 0, cancellationToken);

        return Task.FromResult(collector.Finish());
    }

    public Task<IReadOnlyList<LogField>> GetFieldsAsync(string indexPattern, CancellationToken cancellationToken = default)
    {
        var fields = _catalog.FieldsOf(FamiliesOf(indexPattern)).ToList();
        if (fields.Count > 0 && fields.All(f => f.Name != LogSchema.Timestamp))
        {
            fields.Insert(0, new LogField(LogSchema.Timestamp, Events.FieldType.Date));
        }

        return Task.FromResult<IReadOnlyList<LogField>>(fields);
    }

    public Task<IReadOnlyList<IndexInfo>> ListIndicesAsync(string indexPattern = "*", CancellationToken cancellationToken = default)
    {
        var list = _indices.Keys
            .Where(name => IndexNames.MatchesPattern(name, indexPattern))
            .Order(StringComparer.Ordinal)
            .Select(name => _indices.TryGetValue(name, out var lazy) ? Describe(lazy.Value) : null)
            .OfType<IndexInfo>()
            .ToList();
        return Task.FromResult<IReadOnlyList<IndexInfo>>(list);
    }

    public Task<bool> DeleteIndexAsync(string name, CancellationToken cancellationToken = default)
    {
        if (!_indices.TryRemove(name, out var lazy))
        {
            return Task.FromResult(false);
        }

        var path = Path.Combine(_root, name);
        if (lazy.IsValueCreated)
        {
            lazy.Value.Writer.Rollback(); // discards pending documents and closes the writer without committing them
            lazy.Value.Dispose();
        }

        Directory.Delete(path, recursive: true);
        Phases.Forget(name);
        _logger.LogInformation("Deleted index {Index}", name);
        return Task.FromResult(true);
    }

    public Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        Refresh(OpenIndices());
        return Task.CompletedTask;
    }

    /// <summary>
    /// The scheduled refresh (<see cref="EmbeddedStoreMaintenance"/>): every index searched within
    /// <see cref="StorageOptions.SearchIdleAfter"/>. A search-idle index is refreshed by its next search instead.
    /// </summary>
    public Task RefreshSearchedAsync(CancellationToken cancellationToken = default)
    {
        var now = _clock.GetTimestamp();
        Refresh(OpenIndices().Where(index => _searchIdleTicks == 0 || !index.IsSearchIdle(now, _searchIdleTicks)));
        return Task.CompletedTask;
    }

    private void Refresh(IEnumerable<LuceneIndex> indices)
    {
        try
        {
            foreach (var index in indices)
            {
                index.Searchers.MaybeRefreshBlocking();
            }
        }
        catch (Exception ex) when (IsWriteFailure(ex))
        {
            // A near-real-time refresh flushes the in-memory segments; one that could not be written is dropped.
            Interlocked.Increment(ref _writeFailures);
            throw;
        }
    }

    /// <summary>
    /// Refreshes the indices a search is about to read that were search-idle, so it sees every event indexed before it,
    /// as Elasticsearch does for a search-idle shard. A refresh that cannot write its segment counts as a failed write (the
    /// ingest indexer then indexes its uncommitted events again) and the search reads what was searchable before.
    /// </summary>
    private void RefreshIfSearchIdle(List<LuceneIndex> indices)
    {
        if (_searchIdleTicks == 0)
        {
            return;
        }

        var now = _clock.GetTimestamp();
        foreach (var index in indices)
        {
            if (!index.MarkSearched(now, _searchIdleTicks))
            {
                continue;
            }

            try
            {
                index.Searchers.MaybeRefreshBlocking();
            }
            catch (Exception ex) when (IsWriteFailure(ex))
            {
                Interlocked.Increment(ref _writeFailures);
                _logger.LogWarning("Refreshing search-idle index {Index} before a search failed: {Reason}", index.Name, ex.Message);
            }
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        // One commit at a time; callers that queue behind it get their documents committed by the next one.
        await _commitLock.WaitAsync(cancellationToken);
        try
        {
            // Indices commit independently, so each flushes its in-memory segment on a core of its own: a bulk load over
            // two daily indices ends with two RAM buffers to flush, which went one after the other (BENCHMARKS.md,
            // findings of 2026-11-27 14:15).
            var pending = OpenIndices().Where(index => index.Writer.HasUncommittedChanges()).ToList();
            if (pending.Count == 1)
            {
                pending[0].Commit();
            }
            else if (pending.Count > 1)
            {
                await Parallel.ForEachAsync(
                    pending,
                    new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                    (index, _) =>
                    {
                        index.Commit();
                        return ValueTask.CompletedTask;
                    });
            }

            _catalog.SaveIfChanged();
        }
        catch (Exception ex) when (IsWriteFailure(ex))
        {
            Interlocked.Increment(ref _writeFailures);
            throw;
        }
        finally
        {
            _commitLock.Release();
        }
    }

    private void OnBackgroundWriteFailed(LuceneIndex index, Exception ex)
    {
        // Lucene drops a segment it could not write. Counted whatever the cause, so the ingest indexer indexes its
        // uncommitted events again (see QueueIndexer).
        Interlocked.Increment(ref _writeFailures);

        _logger.LogWarning(ex, "Writing the indexing buffer of {Index} in the background failed", index.Name);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _catalog.SaveIfChanged();
        foreach (var index in OpenIndices())
        {
            try
            {
                index.Dispose();
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                _logger.LogError(ex, "Closing index {Index} failed", index.Name);
            }
        }

        _builders.Dispose();
        _analyzer.Dispose();
        _commitLock.Dispose();
    }

    private T WithSearcher<T>(LogQuery logQuery, Func<IndexSearcher, Lucene.Net.Search.Query, IReadOnlyList<(LuceneIndex Index, int DocBase)>, T> run, T emptyResult,
        CancellationToken cancellationToken) =>
        WithSearcher(logQuery, (searcher, query, _, indices) => run(searcher, query, indices), emptyResult, cancellationToken);

    /// <summary>
    /// Runs one read under <see cref="QueryLimitsOptions.Timeout"/>: the searcher checks the cancellation while it expands
    /// terms and collects, so a search past its time stops and throws <see cref="QueryTimeoutException"/>.
    /// </summary>
    /// <param name="run">Gets the searcher, the query with the time range, the parsed query without it, and each index's first doc id.</param>
    private T WithSearcher<T>(LogQuery logQuery, Func<IndexSearcher, Lucene.Net.Search.Query, Lucene.Net.Search.Query, IReadOnlyList<(LuceneIndex Index, int DocBase)>, T> run, T emptyResult,
        CancellationToken cancellationToken)
    {
        using var scope = QueryCancellation.Enter(_limits.Timeout, cancellationToken);
        try
        {
            return SearchWithin(logQuery, run, emptyResult);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("Search of {IndexPattern} for {Query} cancelled after {Timeout}", logQuery.IndexPattern, logQuery.Query, _limits.Timeout);
            throw new QueryTimeoutException(_limits.Timeout, ex);
        }
    }

    private T SearchWithin<T>(LogQuery logQuery, Func<IndexSearcher, Lucene.Net.Search.Query, Lucene.Net.Search.Query, IReadOnlyList<(LuceneIndex Index, int DocBase)>, T> run, T emptyResult)
    {
        var patternError = IndexNames.ValidatePattern(logQuery.IndexPattern);
        if (patternError is not null)
        {
            throw new StoreRequestException(patternError);
        }

        var indices = Select(logQuery);
        var families = indices.Select(i => IndexNames.BaseOf(i.Name)).Distinct();
        // Parse before the empty check, so a bad query is an error even when no index matches.
        var parsed = LogQueryParser.Parse(logQuery.Query, _catalog.For(families), _clock.GetUtcNow(), _limits);
        if (indices.Count == 0)
        {
            return emptyResult;
        }

        RefreshIfSearchIdle(indices);
        parsed = _queryCache.Use(TimestampRangeQueries.Replace(parsed));

        var query = WithTimeRange(parsed, logQuery.From, logQuery.To);
        var searchers = new List<(LuceneIndex Index, IndexSearcher Searcher)>(indices.Count);
        try
        {
            foreach (var index in indices)
            {
                searchers.Add((index, index.Searchers.Acquire()));
            }

            var readers = searchers.Select(s => s.Searcher.IndexReader).ToArray();
            using var multi = new PerSearchMultiReader(readers);
            var bases = new List<(LuceneIndex, int)>(searchers.Count);
            var docBase = 0;
            foreach (var (index, searcher) in searchers)
            {
                bases.Add((index, docBase));
                docBase += searcher.IndexReader.MaxDoc;
            }

            return run(new CancellableIndexSearcher(multi), query, parsed, bases);
        }
        finally
        {
            foreach (var (index, searcher) in searchers)
            {
                index.Searchers.Release(searcher);
            }
        }
    }

    /// <summary>
    /// One page of hits in time order. Collecting it sorts every match, which over most of a million events costs far more
    /// than the page (a match-all page took ~170 ms). So the page is first looked for in the stretch of the range it must
    /// come from, the newest end for newest first, as long as eight pages of evenly spread matches would need (at most a
    /// sixteenth of the range): when that stretch alone fills the page, every match outside it is
    /// strictly older than every hit in it, so the page is the same, and only the stretch was sorted; the exact total then
    /// comes from a count, which is much cheaper than sorting. Otherwise the stretch grows fourfold until it is the whole
    /// range, which is the plain search. A query that can match only a few events (its Lucene cost, e.g. a term's document
    /// frequency, is below <see cref="WindowedSearchMinMatches"/>) is searched in one pass straight away.
    /// </summary>
    private static TopFieldDocs SearchPage(IndexSearcher searcher, Lucene.Net.Search.Query query, Lucene.Net.Search.Query parsed,
        SearchRequest request, FieldDoc? after, int size, Sort sort)
    {
        long? termMatches = null;
        if (parsed is TermQuery single && parsed.GetType() == typeof(TermQuery)) // not FieldExistsQuery, which reads doc values
        {
            // One term (request_id:"…", user_id:123): its lookup in every segment's terms dictionary was half of such a
            // search, done once for the choice below and again for the search. Its states, made once, serve both.
            var states = TermContext.Build(searcher.TopReaderContext, single.Term);
            termMatches = states.DocFreq;
            parsed = new TermQuery(single.Term, states) { Boost = single.Boost };
            query = WithTimeRange(parsed, request.Query.From, request.Query.To);
        }

        if (request.Query.From is { } from && request.Query.To is { } to && request.Size > 0
            && (termMatches ?? PossibleMatches(searcher, parsed)) is var possible && possible >= WindowedSearchMinMatches)
        {
            var descending = request.Sort == SortOrder.Descending;
            var low = from.ToUnixTimeMilliseconds();
            var high = to.ToUnixTimeMilliseconds();
            if (after is not null)
            {
                // The page lies beyond the cursor; hits of the cursor's own millisecond are told apart by the cursor itself.
                var afterTime = Convert.ToInt64(after.Fields[0], System.Globalization.CultureInfo.InvariantCulture);
                low = descending ? low : Math.Max(low, afterTime);
                high = descending ? Math.Min(high, afterTime) : high;
            }

            if (TimestampRangeQueries.RequiredRange(parsed) is { } required)
            {
                // The query's own time range (@timestamp:[now-1h TO now]) holds every match: the stretches are cut from it.
                low = Math.Max(low, required.From);
                high = Math.Min(high, required.To);
            }

            // The first stretch is where the page would lie eight times over were the matches spread evenly over the range
            // (at most a sixteenth of it): over millions of matches a sixteenth still sorts hundreds of thousands.
            var first = Math.Min((high - low) / WindowFraction, (long)((high - low) * (8.0 * size / possible)));
            for (var span = Math.Max(first, 1); span < high - low; span *= WindowGrowth)
            {
                var window = descending
                    ? WithTimeRange(parsed, DateTimeOffset.FromUnixTimeMilliseconds(high - span), DateTimeOffset.FromUnixTimeMilliseconds(high))
                    : WithTimeRange(parsed, DateTimeOffset.FromUnixTimeMilliseconds(low), DateTimeOffset.FromUnixTimeMilliseconds(low + span));
                var page = Search(searcher, window, after, size, sort);
                if (page.ScoreDocs.Length >= size)
                {
                    var total = HitCounter.Count(searcher, query, parsed, request.Query.From?.ToUnixTimeMilliseconds(), request.Query.To?.ToUnixTimeMilliseconds());
                    return new TopFieldDocs(total, page.ScoreDocs, page.Fields, page.MaxScore);
                }
            }
        }

        return Search(searcher, query, after, size, sort);
    }

    /// <summary>The query's cost: an upper bound of its matches that Lucene knows without matching (e.g. a term's document frequency).</summary>
    private static long PossibleMatches(IndexSearcher searcher, Lucene.Net.Search.Query query)
    {
        if (query is MatchAllDocsQuery)
        {
            return searcher.IndexReader.NumDocs;
        }

        var weight = searcher.CreateNormalizedWeight(query);
        long cost = 0;
        foreach (var leaf in searcher.IndexReader.Leaves)
        {
            cost += weight.GetScorer(leaf, leaf.AtomicReader.LiveDocs)?.GetCost() ?? 0;
        }

        return cost;
    }

    private static TopFieldDocs Search(IndexSearcher searcher, Lucene.Net.Search.Query query, FieldDoc? after, int size, Sort sort) =>
        after is null ? searcher.Search(query, null, size, sort) : (TopFieldDocs)searcher.SearchAfter(after, query, null, size, sort);

    private static Lucene.Net.Search.Query WithTimeRange(Lucene.Net.Search.Query query, DateTimeOffset? from, DateTimeOffset? to)
    {
        if (from is null && to is null)
        {
            return query;
        }

        return new FilteredQuery(query, new TimeRangeFilter(from?.ToUnixTimeMilliseconds(), to?.ToUnixTimeMilliseconds()));
    }

    private static SearchHit ReadHit(IndexSearcher searcher, IReadOnlyList<(LuceneIndex Index, int DocBase)> indices, FieldDoc fieldDoc)
    {
        var document = searcher.Doc(fieldDoc.Doc);
        var owner = indices[0].Index;
        foreach (var (index, docBase) in indices)
        {
            if (fieldDoc.Doc >= docBase)
            {
                owner = index;
            }
        }

        var sourceBytes = document.GetBinaryValue(IndexLayout.Source);
        var source = JsonNode.Parse(sourceBytes.Bytes.AsSpan(sourceBytes.Offset, sourceBytes.Length)) as JsonObject ?? [];
        var timestamp = DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(fieldDoc.Fields[0], System.Globalization.CultureInfo.InvariantCulture));
        return new SearchHit(owner.Name, document.Get(LogSchema.IdField), timestamp, source, document.GetValues(LogSchema.IgnoredField))
        {
            Cursor = CursorOf(fieldDoc),
        };
    }

    /// <summary>The cursor of a hit sorted by time and sequence number (the same values whichever way it was sorted).</summary>
    private static string CursorOf(FieldDoc fieldDoc) => SearchCursor.Encode(
        Convert.ToInt64(fieldDoc.Fields[0], System.Globalization.CultureInfo.InvariantCulture),
        Convert.ToInt64(fieldDoc.Fields[1], System.Globalization.CultureInfo.InvariantCulture));

    private List<LuceneIndex> Select(LogQuery query)
    {
        var selected = new List<LuceneIndex>();
        foreach (var (name, lazy) in _indices)
        {
            if (!IndexNames.MatchesPattern(name, query.IndexPattern))
            {
                continue;
            }

            var day = IndexNames.DayOf(name);
            if (day is not null)
            {
                var dayStart = new DateTimeOffset(day.Value.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                if ((query.To is not null && dayStart > query.To) || (query.From is not null && dayStart.AddDays(1) <= query.From))
                {
                    continue; // a daily index outside the time range is never opened
                }
            }

            selected.Add(lazy.Value);
        }

        selected.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return selected;
    }

    private IEnumerable<string> FamiliesOf(string indexPattern) =>
        _indices.Keys.Where(n => IndexNames.MatchesPattern(n, indexPattern)).Select(IndexNames.BaseOf).Distinct();

    private List<LuceneIndex> OpenIndices() =>
        _indices.Values.Where(l => l.IsValueCreated).Select(l => l.Value).ToList();

    /// <summary>The batch's events by index, each index's in batch order (a later replacement of an id must stay later).</summary>
    private static List<(string Index, List<LogEvent> Events)> ByIndex(IReadOnlyList<LogEvent> events)
    {
        var groups = new List<(string Index, List<LogEvent> Events)>(2);
        List<LogEvent>? current = null;
        string? currentIndex = null;
        foreach (var logEvent in events)
        {
            if (!string.Equals(logEvent.Index, currentIndex, StringComparison.Ordinal))
            {
                currentIndex = logEvent.Index;
                current = null;
                foreach (var (index, members) in groups)
                {
                    if (string.Equals(index, currentIndex, StringComparison.Ordinal))
                    {
                        current = members;
                        break;
                    }
                }

                if (current is null)
                {
                    current = [];
                    groups.Add((currentIndex, current));
                }
            }

            current!.Add(logEvent);
        }

        return groups;
    }

    private LuceneIndex GetOrCreate(string name)
    {
        if (_indices.TryGetValue(name, out var existing))
        {
            return existing.Value;
        }

        var error = IndexNames.Validate(name);
        if (error is not null)
        {
            throw new StoreRequestException(error);
        }

        return _indices.GetOrAdd(name, n => new Lazy<LuceneIndex>(() => OpenIndex(n))).Value;
    }

    private LuceneIndex OpenIndex(string name) =>
        LuceneIndex.Open(name, Path.Combine(_root, name), _analyzer, _options.RamBufferMegabytes);

    private static IndexInfo Describe(LuceneIndex index) =>
        new(index.Name, index.DocCount, index.SizeBytes, IndexNames.DayOf(index.Name));
}
