using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Console.Shared.Events;
using Console.Shared.Query;
using Console.Shared.Query.Limits;
using Console.Shared.Storage.Elasticsearch.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Console.Shared.Storage.Elasticsearch;

/// <summary>
/// The store on an Elasticsearch 8 cluster. Queries are parsed exactly as the embedded store parses them and translated
/// clause by clause (<see cref="ElasticsearchQueryTranslator"/>), so the same text is refused or matches the same events.
/// Pages are read from a point in time sorted by time then shard doc, so paging is stable while events arrive.
/// </summary>
public sealed class ElasticsearchLogStore : ILogStore, IDisposable
{
    private const int CompositePageSize = 1000;

    private readonly ElasticsearchClient _client;
    private readonly ElasticsearchStoreOptions _options;
    private readonly StorageOptions _storage;
    private readonly QueryLimitsOptions _limits;
    private readonly TimeProvider _clock;
    private readonly ILogger<ElasticsearchLogStore> _logger;
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, ElasticsearchFieldTypes Types)> _fieldTypes = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _installLock = new(1, 1);
    private ConcurrentDictionary<string, byte> _unrefreshed = new(StringComparer.Ordinal);
    private ConcurrentDictionary<string, byte> _unflushed = new(StringComparer.Ordinal);
    /// <summary>How much longer than the search timeout the HTTP request may take before it is cancelled from this side.</summary>
    private static readonly TimeSpan ClientTimeoutGrace = TimeSpan.FromSeconds(5);

    private volatile bool _installed;
    private long _deadLettered;

    public ElasticsearchLogStore(ElasticsearchClient client, IOptions<ElasticsearchStoreOptions> options, IOptions<StorageOptions> storage,
        TimeProvider clock, ILogger<ElasticsearchLogStore> logger)
        : this(client, options, storage, Options.Create(new QueryLimitsOptions()), clock, logger)
    {
    }

    public ElasticsearchLogStore(ElasticsearchClient client, IOptions<ElasticsearchStoreOptions> options, IOptions<StorageOptions> storage,
        IOptions<QueryLimitsOptions> limits, TimeProvider clock, ILogger<ElasticsearchLogStore> logger)
    {
        _client = client;
        _options = options.Value;
        _storage = storage.Value;
        _limits = limits.Value;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>Events Elasticsearch refused and the store wrote to the dead-letter index since start.</summary>
    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>Installs the index templates once (the ILM policies are <see cref="ElasticsearchLifecycle"/>'s); until that has worked no event is indexed, so no index is created with guessed mappings.</summary>
    public async Task EnsureInstalledAsync(CancellationToken cancellationToken = default)
    {
        if (_installed)
        {
            return;
        }

        await _installLock.WaitAsync(cancellationToken);
        try
        {
            if (_installed)
            {
                return;
            }

            await _client.PutIndexTemplateAsync(_options.TemplateName, ElasticsearchIndexTemplates.Events(_options, _storage), cancellationToken);
            await _client.PutIndexTemplateAsync(_options.TemplateName + "-deadletter", ElasticsearchIndexTemplates.DeadLetter(_options), cancellationToken);
            _installed = true;
            _logger.LogInformation("Installed index templates {Name} for {Patterns}", _options.TemplateName, _options.EffectiveIndexPatterns);
        }
        finally
        {
            _installLock.Release();
        }
    }

    /// <summary>
    /// Sends the events with <c>_bulk</c>. A refused request (429, 5xx, no node) is sent again with backoff, and so are the
    /// items refused for load; an item refused for what it holds (a mapping error) goes to the dead-letter index with the
    /// reason. When the tries run out the exception reaches the ingest worker, which keeps the batch and sends it again;
    /// ids make that resend replace, not duplicate. When some of the batch was taken by then, the exception is a
    /// <see cref="PartiallyIndexedException"/> naming the events still to send, so the resend leaves out what is in.
    /// </summary>
    public async Task<IndexBatchResult> IndexAsync(IReadOnlyList<LogEvent> events, CancellationToken cancellationToken = default)
    {
        if (events.Count == 0)
        {
            return new IndexBatchResult(0, 0);
        }

        await EnsureInstalledAsync(cancellationToken);
        foreach (var logEvent in events)
        {
            var error = IndexNames.Validate(logEvent.Index);
            if (error is not null)
            {
                throw new StoreRequestException(error);
            }
        }

        var pending = events.Select(e => new BulkOperation(e.Index, e.Id, e.Source)).ToList();
        // The events behind pending, position for position: what the caller must send again if the tries run out.
        var pendingEvents = events.ToList();
        var indexed = 0;
        var deadLettered = 0;
        var delay = _options.BulkInitialBackoff;
        for (var attempt = 1; ; attempt++)
        {
            BulkResponse? response = null;
            ElasticsearchException? failure = null;
            try
            {
                response = await _client.BulkAsync(pending, cancellationToken);
            }
            catch (ElasticsearchException ex) when (ex.IsTransient)
            {
                failure = ex;
            }

            if (response is not null)
            {
                var retry = new List<BulkOperation>();
                var retryEvents = new List<LogEvent>();
                BulkItemResult? firstRetried = null;
                var refused = new List<(BulkOperation Operation, BulkItemResult Item)>();
                var results = response.Results.ToList();
                for (var i = 0; i < pending.Count; i++)
                {
                    var item = i < results.Count ? results[i] : null;
                    if (item is null || item.Status is 429 or >= 500)
                    {
                        retry.Add(pending[i]);
                        retryEvents.Add(pendingEvents[i]);
                        firstRetried ??= item;
                    }
                    else if (item.Status is >= 200 and < 300)
                    {
                        indexed++;
                        Remember(pending[i].Index);
                    }
                    else
                    {
                        refused.Add((pending[i], item));
                    }
                }

                if (refused.Count > 0)
                {
                    await DeadLetterAsync(refused, cancellationToken);
                    deadLettered += refused.Count;
                }

                if (retry.Count == 0)
                {
                    return new IndexBatchResult(indexed, 0);
                }

                // Named after the items' own error (es_rejected_execution_exception, say), so the health page tells which limit was hit.
                failure = new ElasticsearchException((HttpStatusCode)(firstRetried?.Status ?? 429), firstRetried?.Error?.Type ?? "bulk_items_rejected",
                    $"{retry.Count} of {pending.Count} events were refused for load{(firstRetried?.Error?.Reason is { } reason ? $" ({reason})" : string.Empty)}");
                pending = retry;
                pendingEvents = retryEvents;
            }

            if (attempt >= _options.BulkAttempts)
            {
                if (pending.Count < events.Count)
                {
                    // The rest is in (or dead-lettered) by id: a resend of the whole batch would only add load to a
                    // cluster that is refusing writes, so the caller is told which events are still to send.
                    throw new PartiallyIndexedException(pendingEvents, indexed + deadLettered, failure!);
                }

                throw failure!;
            }

            _logger.LogWarning("Bulk of {Count} events failed ({Reason}); trying again in {Delay}", pending.Count, failure!.Message, delay);
            await Task.Delay(delay, _clock, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.BulkMaxBackoff.Ticks));
        }
    }

    public async Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        if (request.Size < 0)
        {
            throw new StoreRequestException("size must be 0 or more");
        }

        if (request.Size > _limits.MaxResultWindow)
        {
            throw new QueryLimitException($"size {request.Size} is beyond the result window; page further with search_after",
                nameof(QueryLimitsOptions.MaxResultWindow), _limits.MaxResultWindow);
        }

        string? pointInTime = null;
        JsonArray? after = null;
        if (!string.IsNullOrEmpty(request.SearchAfter))
        {
            if (!ElasticsearchSearchCursor.TryDecode(request.SearchAfter, out var decodedPit, out var decodedSort))
            {
                throw new StoreRequestException("search_after is not a cursor returned by a previous search");
            }

            (pointInTime, after) = (decodedPit, decodedSort);
        }

        var query = await ReadQueryAsync(request.Query, cancellationToken);
        if (request.Size == 0)
        {
            var counted = await GuardedSearchAsync(request.Query.IndexPattern, new SearchBody { Query = query, Size = 0, TrackTotalHits = true }, cancellationToken);
            return new SearchResult(counted.Hits.Total?.Value ?? 0, counted.Took, [], null);
        }

        if (pointInTime is null)
        {
            try
            {
                pointInTime = (await _client.OpenPointInTimeAsync(request.Query.IndexPattern, KeepAlive, cancellationToken)).Id;
            }
            catch (ElasticsearchException ex) when (ex.ErrorType == "index_not_found_exception")
            {
                return new SearchResult(0, 0, [], null);
            }
        }

        var order = request.Sort == SortOrder.Descending ? "desc" : "asc";
        var body = new SearchBody
        {
            Query = query,
            Size = request.Size + 1, // one more than asked tells whether a next page exists
            Sort =
            [
                new JsonObject { [LogSchema.Timestamp] = new JsonObject { ["order"] = order } },
                new JsonObject { ["_shard_doc"] = order },
            ],
            SearchAfter = after,
            Pit = new PointInTimeReference(pointInTime, KeepAlive),
            TrackTotalHits = true,
        };

        SearchResponse response;
        try
        {
            response = await GuardedSearchAsync(null, body, cancellationToken);
        }
        catch (ElasticsearchException ex) when (after is not null && ex.StatusCode == HttpStatusCode.NotFound)
        {
            throw new StoreRequestException("the cursor has expired; start the search again from the first page", ex);
        }

        var hits = response.Hits.Hits.Take(request.Size).Select(ToSearchHit).ToList();
        string? next = null;
        var latestPit = response.PitId ?? pointInTime;
        if (response.Hits.Hits.Count > request.Size && response.Hits.Hits[request.Size - 1].Sort is { } lastSort)
        {
            next = ElasticsearchSearchCursor.Encode(latestPit, lastSort);
        }
        else
        {
            await ClosePointInTimeQuietlyAsync(latestPit);
        }

        return new SearchResult(response.Hits.Total?.Value ?? 0, response.Took, hits, next);
    }

    public async Task<long> CountAsync(LogQuery query, CancellationToken cancellationToken = default)
    {
        var dsl = await ReadQueryAsync(query, cancellationToken);
        // _count takes no timeout of its own: the request is cancelled from this side instead.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_limits.Timeout);
        try
        {
            return (await _client.CountAsync(query.IndexPattern, dsl, deadline.Token)).Count;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new QueryTimeoutException(_limits.Timeout, ex);
        }
    }

    public async Task<HistogramResult> HistogramAsync(HistogramRequest request, CancellationToken cancellationToken = default)
    {
        var from = request.Query.From ?? throw new StoreRequestException("a histogram needs a start time (from)");
        var to = request.Query.To ?? _clock.GetUtcNow();
        if (to < from)
        {
            throw new StoreRequestException("the time range ends before it starts");
        }

        var interval = request.Interval ?? HistogramIntervals.Auto(from, to);
        var intervalMillis = (long)interval.TotalMilliseconds;
        var fromMillis = from.ToUnixTimeMilliseconds();
        var origin = fromMillis - Mod(fromMillis, intervalMillis); // Elasticsearch's fixed intervals are aligned to the epoch too
        var bucketCount = (to.ToUnixTimeMilliseconds() - origin) / intervalMillis + 1;
        if (bucketCount > HistogramIntervals.MaxBuckets)
        {
            throw new StoreRequestException($"interval {interval} gives {bucketCount} buckets over this range; at most {HistogramIntervals.MaxBuckets} are allowed");
        }

        var query = await ReadQueryAsync(request.Query with { To = to }, cancellationToken);
        var body = new SearchBody
        {
            Query = query,
            Size = 0,
            TrackTotalHits = true,
            Aggs = new JsonObject
            {
                ["histogram"] = new JsonObject
                {
                    ["date_histogram"] = new JsonObject
                    {
                        ["field"] = LogSchema.Timestamp,
                        ["fixed_interval"] = intervalMillis.ToString(CultureInfo.InvariantCulture) + "ms",
                        ["min_doc_count"] = 1,
                    },
                },
            },
        };
        var response = await GuardedSearchAsync(request.Query.IndexPattern, body, cancellationToken);
        var counts = new long[bucketCount];
        if (response.Aggregations is not null)
        {
            foreach (var bucket in response.Aggregation<DateHistogramAggregate>("histogram").Buckets)
            {
                var index = (bucket.Key - origin) / intervalMillis;
                if (index >= 0 && index < bucketCount)
                {
                    counts[index] += bucket.DocCount;
                }
            }
        }

        // Buckets from the start of the range to its end, empty ones included, as the embedded store gives them.
        var buckets = new HistogramBucket[bucketCount];
        for (var i = 0; i < bucketCount; i++)
        {
            buckets[i] = new HistogramBucket(DateTimeOffset.FromUnixTimeMilliseconds(origin + i * intervalMillis), counts[i]);
        }

        return new HistogramResult(interval, response.Hits.Total?.Value ?? 0, buckets);
    }

    /// <summary>
    /// Exact counts: a <c>terms</c> aggregation is approximate over several shards (daily indices are several), so every
    /// value is counted with a paged <c>composite</c> aggregation and the top ones are picked here, as the embedded store does.
    /// </summary>
    public async Task<TopValuesResult> TopValuesAsync(TopValuesRequest request, CancellationToken cancellationToken = default)
    {
        if (request.Size is < 1 or > 1000)
        {
            throw new StoreRequestException("size must be between 1 and 1000");
        }

        if (request.SampleSize is < 1)
        {
            throw new StoreRequestException("the sample size must be at least 1");
        }

        var fields = await FieldTypesAsync(request.Query.IndexPattern, cancellationToken);
        var type = LogSchema.Known.TryGetValue(request.Field, out var known) ? known : fields.TypeOf(request.Field);
        if (request.Field == LogSchema.Timestamp)
        {
            throw new StoreRequestException("@timestamp has no top values; use the histogram");
        }

        if (type == FieldType.Text)
        {
            throw new StoreRequestException($"{request.Field} is a full-text field; top values need a keyword, numeric or boolean field");
        }

        var query = Translate(request.Query, fields);
        if (type is null)
        {
            return new TopValuesResult(request.Field, 0, 0, [], 0);
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        long total = 0, withField = 0;
        JsonObject? afterKey = null;
        do
        {
            var composite = new JsonObject
            {
                ["size"] = CompositePageSize,
                ["sources"] = new JsonArray { new JsonObject { ["value"] = new JsonObject { ["terms"] = new JsonObject { ["field"] = request.Field } } } },
            };
            if (afterKey is not null)
            {
                composite["after"] = afterKey;
            }

            var aggs = new JsonObject { ["values"] = new JsonObject { ["composite"] = composite } };
            var first = afterKey is null;
            if (first)
            {
                aggs["with_field"] = new JsonObject { ["filter"] = new JsonObject { ["exists"] = new JsonObject { ["field"] = request.Field } } };
            }

            var response = await GuardedSearchAsync(request.Query.IndexPattern,
                new SearchBody { Query = query, Size = 0, TrackTotalHits = first ? true : null, Aggs = aggs, TerminateAfter = request.SampleSize }, cancellationToken);
            if (response.Aggregations is null)
            {
                break; // no index matched the pattern
            }

            if (first)
            {
                total = response.Hits.Total?.Value ?? 0;
                withField = response.Aggregation<SingleBucketAggregate>("with_field").DocCount;
            }

            var page = response.Aggregation<CompositeAggregate>("values");
            foreach (var bucket in page.Buckets)
            {
                var key = KeyText(bucket.Key["value"], type.Value);
                counts[key] = counts.GetValueOrDefault(key) + bucket.DocCount;
            }

            afterKey = page.Buckets.Count == 0 || page.AfterKey is null
                ? null
                : JsonSerializer.SerializeToNode(page.AfterKey.ToDictionary(p => p.Key, p => p.Value), ElasticsearchStoreJson.Default.DictionaryStringJsonElement) as JsonObject;
        }
        while (afterKey is not null);

        var ordered = counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).ToList();
        var top = ordered.Take(request.Size).Select(p => new TopValue(p.Key, p.Value)).ToList();
        return new TopValuesResult(request.Field, total, withField, top, ordered.Skip(request.Size).Sum(p => p.Value))
        {
            IsSample = request.SampleSize is { } sample && total >= sample,
        };
    }

    /// <summary>
    /// The aggregation in one search, or two with a split and a date histogram (the top values over the whole query first,
    /// then every time bucket restricted to them). Checked as the embedded store checks it, with the same reasons.
    /// </summary>
    public async Task<AggregationResult> AggregateAsync(AggregationRequest request, CancellationToken cancellationToken = default)
    {
        var fields = await FieldTypesAsync(request.Query.IndexPattern, cancellationToken);
        var (query, metric, metricType, split, splitType, time) = AggregationRequests.Check(request, fields.TypeOf, _clock);
        var translator = new ElasticsearchAggregationTranslator(metric, metricType, split, splitType, time);
        var dsl = Translate(query, fields);
        var whole = await AggregationSearchAsync(query.IndexPattern, dsl, translator.WholeQuery(), translator, cancellationToken);
        var total = whole.Hits.Total?.Value ?? 0;
        var (splitResult, top) = split is null ? (null, []) : translator.ReadSplit(whole.Aggregations);
        IReadOnlyList<AggregationBucket> buckets = [];
        if (time is not null)
        {
            var aggregations = whole.Aggregations;
            if (translator.NeedsSecondSearch)
            {
                aggregations = (await AggregationSearchAsync(query.IndexPattern, dsl, translator.PerTimeBucket(top), translator, cancellationToken)).Aggregations;
            }

            buckets = translator.ReadTimeBuckets(aggregations, top);
        }

        return new AggregationResult(total, translator.ReadMetric(total, whole.Aggregations), splitResult, time?.Interval, buckets);
    }

    public async Task<IReadOnlyList<LogField>> GetFieldsAsync(string indexPattern, CancellationToken cancellationToken = default)
    {
        RequireValidPattern(indexPattern);
        return (await FieldTypesAsync(indexPattern, cancellationToken)).Fields();
    }

    public async Task<IReadOnlyList<IndexInfo>> ListIndicesAsync(string indexPattern = "*", CancellationToken cancellationToken = default)
    {
        List<CatIndexRow> rows;
        try
        {
            rows = await _client.CatIndicesAsync(indexPattern, cancellationToken);
        }
        catch (ElasticsearchException ex) when (ex.ErrorType == "index_not_found_exception")
        {
            return [];
        }

        // Hidden and system indices (.security, .ds-...) are the cluster's, not the console's.
        return rows
            .Where(r => IndexNames.Validate(r.Index) is null && IndexNames.MatchesPattern(r.Index, indexPattern))
            .OrderBy(r => r.Index, StringComparer.Ordinal)
            .Select(r => new IndexInfo(r.Index, ParseLong(r.DocsCount), ParseLong(r.StoreSize), IndexNames.DayOf(r.Index)))
            .ToList();
    }

    public async Task<bool> DeleteIndexAsync(string name, CancellationToken cancellationToken = default)
    {
        if (IndexNames.Validate(name) is not null)
        {
            return false; // never a pattern: one concrete index or nothing
        }

        var deleted = await _client.DeleteIndexAsync(name, cancellationToken);
        if (deleted)
        {
            _unrefreshed.TryRemove(name, out _);
            _unflushed.TryRemove(name, out _);
            _fieldTypes.Clear();
            _logger.LogInformation("Deleted index {Index}", name);
        }

        return deleted;
    }

    /// <summary>Refreshes the indices written since the last refresh; Elasticsearch also refreshes on its own every refresh interval.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        var written = Interlocked.Exchange(ref _unrefreshed, new ConcurrentDictionary<string, byte>(StringComparer.Ordinal));
        if (written.IsEmpty)
        {
            return;
        }

        try
        {
            await _client.RefreshAsync(string.Join(',', written.Keys.Order(StringComparer.Ordinal)), cancellationToken);
        }
        catch
        {
            foreach (var name in written.Keys)
            {
                _unrefreshed.TryAdd(name, 0); // asked again by the next refresh
            }

            throw;
        }
    }

    /// <summary>
    /// Flushes the indices written since the last flush. An acknowledged bulk is already in Elasticsearch's translog on
    /// disk (durability <c>request</c>), so this only moves it into Lucene segments, as the embedded store's commit does.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var written = Interlocked.Exchange(ref _unflushed, new ConcurrentDictionary<string, byte>(StringComparer.Ordinal));
        if (written.IsEmpty)
        {
            return;
        }

        try
        {
            await _client.FlushAsync(string.Join(',', written.Keys.Order(StringComparer.Ordinal)), cancellationToken);
        }
        catch
        {
            foreach (var name in written.Keys)
            {
                _unflushed.TryAdd(name, 0);
            }

            throw;
        }
    }

    public void Dispose() => _installLock.Dispose();

    private string KeepAlive => ((long)_options.CursorKeepAlive.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";

    private void Remember(string index)
    {
        _unrefreshed.TryAdd(index, 0);
        _unflushed.TryAdd(index, 0);
    }

    private async Task DeadLetterAsync(List<(BulkOperation Operation, BulkItemResult Item)> refused, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var index = IndexNames.Daily(_options.DeadLetterIndexBase, now);
        var letters = refused.Select(r => new BulkOperation(index, r.Operation.Id, new JsonObject
        {
            [LogSchema.Timestamp] = TimestampParser.Format(now),
            ["index"] = r.Operation.Index,
            ["event_id"] = r.Operation.Id,
            ["status"] = r.Item.Status,
            ["error_type"] = r.Item.Error?.Type,
            ["reason"] = r.Item.Error?.Describe() ?? $"status {r.Item.Status}",
            ["event"] = r.Operation.Document.ToJsonString(),
        })).ToList();

        // The dead-letter index holds text only, so a letter is refused only when the cluster is in trouble: that fails the batch, which is sent again.
        var response = await _client.BulkAsync(letters, cancellationToken);
        var failed = response.Results.Where(r => r.Status is < 200 or >= 300).ToList();
        if (failed.Count > 0)
        {
            throw new ElasticsearchException((HttpStatusCode)failed[0].Status, failed[0].Error?.Type, $"the dead-letter index refused {failed.Count} events: {failed[0].Error?.Reason}");
        }

        Interlocked.Add(ref _deadLettered, letters.Count);
        foreach (var (operation, item) in refused)
        {
            _logger.LogWarning("Elasticsearch refused event {Id} for {Index} ({Reason}); kept in {DeadLetterIndex}", operation.Id, operation.Index, item.Error?.Describe(), index);
        }

        Remember(index);
    }

    private async Task<SearchResponse> AggregationSearchAsync(string indexPattern, JsonObject query, JsonObject? aggs,
        ElasticsearchAggregationTranslator translator, CancellationToken cancellationToken)
    {
        var body = new SearchBody { Query = query, Size = 0, TrackTotalHits = true, Aggs = aggs, RuntimeMappings = translator.RuntimeMappings };
        try
        {
            return await GuardedSearchAsync(indexPattern, body, cancellationToken);
        }
        catch (ElasticsearchException ex) when (translator.ReadsKeywordNumbers && ex.StatusCode == HttpStatusCode.BadRequest)
        {
            // The runtime field's script fails on the first value that is not a number; the embedded store refuses it too.
            throw new StoreRequestException(
                $"{AggregationRequests.NameOf(translator.MetricKind)} needs numbers, but {translator.MetricField} is a keyword field holding a value that is not one ({ex.Message})", ex);
        }
    }

    /// <summary>
    /// A search under <see cref="QueryLimitsOptions.Timeout"/>: Elasticsearch is given the timeout (it stops its shards and
    /// says timed_out, which is refused rather than shown as a partial answer), and the request itself is cancelled a little
    /// later in case the cluster does not answer in time.
    /// </summary>
    private async Task<SearchResponse> GuardedSearchAsync(string? indexPattern, SearchBody body, CancellationToken cancellationToken)
    {
        body.Timeout = ((long)Math.Max(1, _limits.Timeout.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + "ms";
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_limits.Timeout + ClientTimeoutGrace);
        SearchResponse response;
        try
        {
            response = await _client.SearchAsync(indexPattern, body, deadline.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new QueryTimeoutException(_limits.Timeout, ex);
        }

        if (response.TimedOut)
        {
            throw new QueryTimeoutException(_limits.Timeout, new TimeoutException($"Elasticsearch answered timed_out after {response.Took} ms"));
        }

        return response;
    }

    private async Task<JsonObject> ReadQueryAsync(LogQuery query, CancellationToken cancellationToken)
    {
        var fields = await FieldTypesAsync(query.IndexPattern, cancellationToken);
        return Translate(query, fields);
    }

    private JsonObject Translate(LogQuery query, ElasticsearchFieldTypes fields)
    {
        var parsed = LogQueryParser.Parse(query.Query, fields, _clock.GetUtcNow(), _limits);
        return ElasticsearchQueryTranslator.ForRead(parsed, fields, query.From, query.To);
    }

    private async Task<ElasticsearchFieldTypes> FieldTypesAsync(string indexPattern, CancellationToken cancellationToken)
    {
        RequireValidPattern(indexPattern);
        var now = _clock.GetUtcNow();
        if (_fieldTypes.TryGetValue(indexPattern, out var cached) && now - cached.At < _options.FieldTypesCacheDuration)
        {
            return cached.Types;
        }

        var types = new ElasticsearchFieldTypes(await _client.FieldCapsAsync(indexPattern, cancellationToken));
        _fieldTypes[indexPattern] = (now, types);
        return types;
    }

    private async Task ClosePointInTimeQuietlyAsync(string id)
    {
        try
        {
            await _client.ClosePointInTimeAsync(id);
        }
        catch (ElasticsearchException ex)
        {
            // It expires by itself after the keep-alive; a failed close costs nothing else.
            _logger.LogDebug(ex, "Closing a point in time failed");
        }
    }

    private static SearchHit ToSearchHit(Hit hit)
    {
        var millis = hit.Sort is { Count: > 0 } sort && sort[0] is JsonValue value && value.TryGetValue<long>(out var sortMillis) ? sortMillis : 0;
        var timestamp = millis != 0
            ? DateTimeOffset.FromUnixTimeMilliseconds(millis)
            : TimestampParser.TryParse((string?)hit.Source?[LogSchema.Timestamp], out var parsed) ? parsed : DateTimeOffset.UnixEpoch;
        return new SearchHit(hit.Index, hit.Id, timestamp, hit.Source ?? [], hit.Ignored ?? []);
    }

    private static string KeyText(JsonElement key, FieldType type) => key.ValueKind switch
    {
        JsonValueKind.String => key.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number when type == FieldType.Boolean => key.GetInt64() != 0 ? "true" : "false",
        JsonValueKind.Number when type == FieldType.Double => key.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        JsonValueKind.Number when key.TryGetInt64(out var integral) => integral.ToString(CultureInfo.InvariantCulture),
        _ => key.GetRawText(),
    };

    private static void RequireValidPattern(string indexPattern)
    {
        var error = IndexNames.ValidatePattern(indexPattern);
        if (error is not null)
        {
            throw new StoreRequestException(error);
        }
    }

    private static long ParseLong(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;

    private static long Mod(long value, long divisor) => ((value % divisor) + divisor) % divisor;
}
