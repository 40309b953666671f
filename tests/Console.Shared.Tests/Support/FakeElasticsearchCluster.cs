using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Console.Shared.Tests.Support;

/// <summary>
/// A single-node Elasticsearch in memory on a <see cref="FakeElasticsearch"/>: it keeps what <c>_bulk</c> indexes (by index
/// and id, so a resend replaces), and serves what the console's store asks to write and to read it back (templates, ILM,
/// refresh, flush, _cat/indices, _field_caps, point-in-time searches with search_after, counts). It can be switched into
/// an outage (<see cref="Fault"/>), stopped and brought back on the same port, keeping its documents.
/// </summary>
public sealed class FakeElasticsearchCluster : IAsyncDisposable
{
    private const string NoMaster = """{"error":{"root_cause":[{"type":"cluster_block_exception","reason":"blocked by: [SERVICE_UNAVAILABLE/2/no master];"}],"type":"cluster_block_exception","reason":"blocked by: [SERVICE_UNAVAILABLE/2/no master];"},"status":503}""";

    private readonly Lock _lock = new();
    private readonly Dictionary<(string Index, string Id), FakeDocument> _documents = [];
    private readonly Dictionary<string, string[]> _pointsInTime = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _unserved = new();
    private FakeElasticsearch? _node;
    private long _order;
    private long _requests;
    private long _rejectedItems;
    private long _writtenItems;
    private long _faultedRequests;
    private volatile ElasticsearchFault _fault;

    private FakeElasticsearchCluster(int port) => Port = port;

    public int Port { get; private set; }

    public Uri Url => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");

    public bool IsRunning => _node is not null;

    /// <summary>The outage in force; <see cref="ElasticsearchFault.None"/> answers as a healthy cluster.</summary>
    public ElasticsearchFault Fault
    {
        get => _fault;
        set => _fault = value;
    }

    /// <summary>How late a <see cref="ElasticsearchFault.Slow"/> answer comes: set it beyond the client's request timeout.</summary>
    public TimeSpan SlowAnswerDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The indices (a pattern list) whose hot shard refuses items in <see cref="ElasticsearchFault.RejectsItems"/>: the indices
    /// on the overloaded node. Other indices, such as a small dead-letter index on another node, take their writes.
    /// </summary>
    public string HotIndices { get; set; } = "*";

    /// <summary>Bulk items refused with 429 so far.</summary>
    public long RejectedItems => Interlocked.Read(ref _rejectedItems);

    /// <summary>Bulk items written (created or replaced) so far: more than <see cref="Documents"/> holds when ids were written again.</summary>
    public long WrittenItems
    {
        get
        {
            lock (_lock)
            {
                return _writtenItems;
            }
        }
    }

    /// <summary>Requests answered with a fault (503, or late) so far.</summary>
    public long FaultedRequests => Interlocked.Read(ref _faultedRequests);

    /// <summary>The first requests the fake could not answer (an unknown route or query), so a test can tell its fake fell short.</summary>
    public IReadOnlyCollection<string> Unserved => _unserved;

    /// <summary>Every document held, in no particular order.</summary>
    public IReadOnlyList<FakeDocument> Documents
    {
        get
        {
            lock (_lock)
            {
                return [.. _documents.Values];
            }
        }
    }

    public static async Task<FakeElasticsearchCluster> StartAsync()
    {
        var cluster = new FakeElasticsearchCluster(0);
        await cluster.RestartAsync();
        return cluster;
    }

    /// <summary>Stops listening: connections are refused (and open ones closed) until <see cref="RestartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _node, null) is { } node)
        {
            await node.DisposeAsync();
        }
    }

    /// <summary>Listens again on the same port with the same documents, as a restarted node does.</summary>
    public async Task RestartAsync()
    {
        var node = await FakeElasticsearch.StartAsync(Port);
        node.RecordsRequests = false;
        node.OnAny(AnswerAsync);
        Port = node.Url.Port;
        _node = node;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>Whether a <see cref="ElasticsearchFault.RejectsItems"/> cluster refuses this id: the ids on its hot shard (one of three).</summary>
    public static bool OnHotShard(string id) => Shard(id) == 0;

    private static int Shard(string id)
    {
        var hash = 17u;
        foreach (var c in id)
        {
            hash = (hash * 31) + c;
        }

        return (int)(hash % 3);
    }

    private Task<FakeReply?> AnswerAsync(RecordedRequest request, CancellationToken aborted)
    {
        var number = Interlocked.Increment(ref _requests);
        var fault = Fault;
        if (fault == ElasticsearchFault.Unavailable)
        {
            Interlocked.Increment(ref _faultedRequests);
            return Task.FromResult<FakeReply?>(new FakeReply(503, NoMaster));
        }

        FakeReply reply;
        try
        {
            reply = Answer(request, fault);
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or FormatException or KeyNotFoundException or System.Text.Json.JsonException)
        {
            reply = Error(400, "fake_cannot_answer", $"{request.Method} {request.Path}: {ex.Message}");
        }

        if (reply.Status == 400 && _unserved.Count < 20)
        {
            _unserved.Enqueue($"{request.Method} {request.Path}: {reply.Body}");
        }

        if (fault == ElasticsearchFault.Slow)
        {
            Interlocked.Increment(ref _faultedRequests);
            reply = number % 2 == 0 ? reply with { Delay = SlowAnswerDelay } : reply with { StallMidBody = SlowAnswerDelay };
        }

        return Task.FromResult<FakeReply?>(reply);
    }

    private FakeReply Answer(RecordedRequest request, ElasticsearchFault fault)
    {
        var path = request.Path.TrimStart('/');
        var parts = path.Split('/');
        return (request.Method, parts) switch
        {
            ("GET", ["_cluster", "health"]) => FakeReply.Ok("""{"cluster_name":"fake","status":"green","timed_out":false,"number_of_nodes":1,"number_of_data_nodes":1,"active_primary_shards":1,"active_shards":1,"relocating_shards":0,"initializing_shards":0,"unassigned_shards":0,"unassigned_primary_shards":0,"delayed_unassigned_shards":0,"number_of_pending_tasks":0,"number_of_in_flight_fetch":0,"task_max_waiting_in_queue_millis":0,"active_shards_percent_as_number":100.0}"""),
            ("PUT", ["_index_template", _]) or ("PUT", ["_ilm", "policy", _]) or ("PUT", [_, "_settings"]) => FakeReply.Ok("""{"acknowledged":true}"""),
            ("POST", ["_bulk"]) => Bulk(request, fault),
            ("POST", [_, "_refresh" or "_flush"]) => FakeReply.Ok("""{"_shards":{"total":1,"successful":1,"failed":0}}"""),
            ("GET", ["_cat", "indices", var pattern]) => CatIndices(Uri.UnescapeDataString(pattern)),
            ("GET", [_, "_ilm", "explain"]) => FakeReply.Ok("""{"indices":{}}"""),
            ("GET", [var pattern, "_field_caps"]) => FieldCaps(Uri.UnescapeDataString(pattern)),
            ("POST", [var pattern, "_pit"]) => OpenPointInTime(Uri.UnescapeDataString(pattern)),
            ("DELETE", ["_pit"]) => ClosePointInTime(request),
            ("POST", ["_search"]) => Search(null, request),
            ("POST", [var pattern, "_search"]) => Search(Uri.UnescapeDataString(pattern), request),
            ("POST", [var pattern, "_count"]) => Count(Uri.UnescapeDataString(pattern), request),
            _ => Error(400, "fake_no_route", $"the fake cluster does not serve {request.Method} /{path}"),
        };
    }

    private FakeReply Bulk(RecordedRequest request, ElasticsearchFault fault)
    {
        var lines = request.Lines;
        var items = new JsonArray();
        var errors = false;
        lock (_lock)
        {
            for (var i = 0; i + 1 < lines.Count; i += 2)
            {
                var action = lines[i]["index"]?.AsObject() ?? throw new NotSupportedException("the fake takes index actions only");
                var index = (string)action["_index"]!;
                var id = (string)action["_id"]!;
                if (fault == ElasticsearchFault.RejectsItems && Matches(index, HotIndices) && OnHotShard(id))
                {
                    errors = true;
                    Interlocked.Increment(ref _rejectedItems);
                    items.Add(new JsonObject
                    {
                        ["index"] = new JsonObject
                        {
                            ["_index"] = index, ["_id"] = id, ["status"] = 429,
                            ["error"] = new JsonObject
                            {
                                ["type"] = "es_rejected_execution_exception",
                                ["reason"] = "rejected execution of primary operation [shard_detail=[" + index + "][0][P], shard_write_queue_full]",
                            },
                        },
                    });
                    continue;
                }

                var created = _documents.TryAdd((index, id), new FakeDocument(index, id, lines[i + 1], ++_order));
                if (!created)
                {
                    _documents[(index, id)] = new FakeDocument(index, id, lines[i + 1], ++_order, _documents[(index, id)].Version + 1);
                }

                _writtenItems++;
                items.Add(new JsonObject
                {
                    ["index"] = new JsonObject
                    {
                        ["_index"] = index, ["_id"] = id, ["_version"] = _documents[(index, id)].Version,
                        ["status"] = created ? 201 : 200, ["result"] = created ? "created" : "updated",
                    },
                });
            }
        }

        return FakeReply.Ok(new JsonObject { ["took"] = 1, ["errors"] = errors, ["items"] = items }.ToJsonString());
    }

    private FakeReply CatIndices(string pattern)
    {
        var rows = new JsonArray();
        foreach (var group in Documents.GroupBy(d => d.Index).Where(g => Matches(g.Key, pattern)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            rows.Add(new JsonObject
            {
                ["index"] = group.Key, ["health"] = "green", ["status"] = "open",
                ["docs.count"] = group.Count().ToString(CultureInfo.InvariantCulture),
                ["store.size"] = group.Sum(d => (long)d.Source.ToJsonString().Length).ToString(CultureInfo.InvariantCulture),
            });
        }

        return FakeReply.Ok(rows.ToJsonString());
    }

    /// <summary>Field types as the console's template maps them: @timestamp a date, message text, other strings keyword.</summary>
    private FakeReply FieldCaps(string pattern)
    {
        var documents = Documents.Where(d => Matches(d.Index, pattern)).ToList();
        var fields = new JsonObject();
        void Add(string name, string type)
        {
            if (!fields.ContainsKey(name))
            {
                fields[name] = new JsonObject { [type] = new JsonObject { ["type"] = type, ["metadata_field"] = false, ["searchable"] = true, ["aggregatable"] = type != "text" } };
            }
        }

        void Walk(JsonObject source, string prefix)
        {
            foreach (var (key, value) in source)
            {
                var name = prefix + key;
                switch (value)
                {
                    case JsonObject inner:
                        Walk(inner, name + ".");
                        break;
                    case JsonValue when name == "@timestamp":
                        Add(name, "date");
                        break;
                    case JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String:
                        Add(name, name == "message" ? "text" : "keyword");
                        break;
                    case JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number:
                        Add(name, v.ToJsonString().Contains('.', StringComparison.Ordinal) ? "double" : "long");
                        break;
                    case JsonValue v when v.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False:
                        Add(name, "boolean");
                        break;
                }
            }
        }

        foreach (var document in documents)
        {
            Walk(document.Source, string.Empty);
        }

        var indices = new JsonArray(documents.Select(d => d.Index).Distinct().Order(StringComparer.Ordinal).Select(i => (JsonNode)JsonValue.Create(i)).ToArray());
        return FakeReply.Ok(new JsonObject { ["indices"] = indices, ["fields"] = fields }.ToJsonString());
    }

    private FakeReply OpenPointInTime(string pattern)
    {
        var id = Convert.ToBase64String(Encoding.UTF8.GetBytes("pit-" + Guid.NewGuid().ToString("N")));
        lock (_lock)
        {
            _pointsInTime[id] = [.. _documents.Keys.Select(k => k.Index).Distinct().Where(i => Matches(i, pattern))];
        }

        return FakeReply.Ok(new JsonObject { ["id"] = id }.ToJsonString());
    }

    private FakeReply ClosePointInTime(RecordedRequest request)
    {
        bool freed;
        lock (_lock)
        {
            freed = _pointsInTime.Remove((string)request.Json["id"]!);
        }

        return FakeReply.Ok(new JsonObject { ["succeeded"] = true, ["num_freed"] = freed ? 1 : 0 }.ToJsonString());
    }

    /// <summary>A search with a query, size, sort on @timestamp (then _shard_doc), search_after and a point in time; no aggregations.</summary>
    private FakeReply Search(string? pattern, RecordedRequest request)
    {
        var body = request.Json;
        if (body["aggs"] is not null || body["aggregations"] is not null)
        {
            throw new NotSupportedException("the fake has no aggregations");
        }

        string? pit = null;
        Func<string, bool> inScope;
        if (body["pit"]?["id"] is { } pitId)
        {
            pit = (string)pitId!;
            string[]? indices;
            lock (_lock)
            {
                _pointsInTime.TryGetValue(pit, out indices);
            }

            if (indices is null)
            {
                return Error(404, "search_context_missing_exception", "No search context found for id [" + pit + "]");
            }

            inScope = indices.Contains;
        }
        else
        {
            inScope = i => Matches(i, pattern ?? "*");
        }

        var query = body["query"]?.AsObject();
        var matched = Documents.Where(d => inScope(d.Index) && FakeQueryMatcher.Matches(query, d.Source)).ToList();
        var descending = body["sort"]?[0]?["@timestamp"]?["order"] is { } order && (string)order! == "desc";
        var ordered = matched.Select(d => (Document: d, Millis: (long)(FakeQueryMatcher.Number(d.Source["@timestamp"]) ?? 0)))
            .OrderBy(x => descending ? -x.Millis : x.Millis).ThenBy(x => descending ? -x.Document.Order : x.Document.Order).ToList();
        if (body["search_after"] is JsonArray after)
        {
            var (millis, shardDoc) = ((long)after[0]!, (long)after[1]!);
            ordered = ordered.Where(x => descending
                ? x.Millis < millis || (x.Millis == millis && x.Document.Order < shardDoc)
                : x.Millis > millis || (x.Millis == millis && x.Document.Order > shardDoc)).ToList();
        }

        var size = body["size"] is { } s ? (int)s : 10;
        var hits = new JsonArray();
        foreach (var (document, millis) in ordered.Take(size))
        {
            hits.Add(new JsonObject
            {
                ["_index"] = document.Index, ["_id"] = document.Id, ["_score"] = null,
                ["_source"] = document.Source.DeepClone(),
                ["sort"] = new JsonArray(millis, document.Order),
            });
        }

        var response = new JsonObject
        {
            ["took"] = 1, ["timed_out"] = false,
            ["_shards"] = new JsonObject { ["total"] = 1, ["successful"] = 1, ["skipped"] = 0, ["failed"] = 0 },
            ["hits"] = new JsonObject { ["total"] = new JsonObject { ["value"] = matched.Count, ["relation"] = "eq" }, ["max_score"] = null, ["hits"] = hits },
        };
        if (pit is not null)
        {
            response["pit_id"] = pit;
        }

        return FakeReply.Ok(response.ToJsonString());
    }

    private FakeReply Count(string pattern, RecordedRequest request)
    {
        var query = request.Json["query"]?.AsObject();
        var count = Documents.Count(d => Matches(d.Index, pattern) && FakeQueryMatcher.Matches(query, d.Source));
        return FakeReply.Ok(new JsonObject { ["count"] = count }.ToJsonString());
    }

    private static bool Matches(string index, string pattern) =>
        pattern.Split(',', StringSplitOptions.RemoveEmptyEntries).Any(p =>
            p is "*" or "_all" || Regex.IsMatch(index, "^" + Regex.Escape(p).Replace("\\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant));

    private static FakeReply Error(int status, string type, string reason) =>
        new(status, new JsonObject { ["error"] = new JsonObject { ["type"] = type, ["reason"] = reason }, ["status"] = status }.ToJsonString());
}
