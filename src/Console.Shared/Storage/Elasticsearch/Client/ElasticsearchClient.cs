using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>
/// A small typed client for exactly the Elasticsearch 8 APIs the console uses, over <see cref="HttpClient"/> and
/// source-generated JSON. This folder is the only place that speaks Elasticsearch's wire format, so it can be swapped
/// for the official client once that is available.
/// </summary>
public sealed class ElasticsearchClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly MediaTypeHeaderValue NdJson = new("application/x-ndjson");

    private readonly HttpClient _http;
    private readonly Uri[] _nodes;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly X509Certificate2Collection? _trusted;
    private readonly TimeSpan _requestTimeout;
    private int _next;

    public ElasticsearchClient(ElasticsearchClientOptions options)
        : this(options, null)
    {
    }

    /// <param name="handler">For tests; by default a handler that trusts the configured CA.</param>
    public ElasticsearchClient(ElasticsearchClientOptions options, HttpMessageHandler? handler)
    {
        var urls = options.Urls.Count > 0 ? options.Urls : [ElasticsearchClientOptions.DefaultUrl];
        _nodes = urls.Select(u => u.AbsoluteUri.EndsWith('/') ? u : new Uri(u.AbsoluteUri + "/")).ToArray();
        _authorization = Authorization(options);
        _requestTimeout = options.RequestTimeout;
        if (!string.IsNullOrEmpty(options.CertificateAuthorityPath))
        {
            _trusted = [];
            _trusted.ImportFromPemFile(options.CertificateAuthorityPath);
        }

        handler ??= new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = _trusted is null ? null : ValidateWithCa },
        };
        _http = new HttpClient(handler) { Timeout = options.RequestTimeout };
    }

    /// <summary>Indexes documents with <c>index</c> actions; item failures are in the response, not thrown.</summary>
    public async Task<BulkResponse> BulkAsync(IReadOnlyList<BulkOperation> operations, CancellationToken cancellationToken = default)
    {
        var body = new MemoryStream();
        using (var writer = new Utf8JsonWriter(body))
        {
            foreach (var operation in operations)
            {
                writer.WriteStartObject();
                writer.WriteStartObject("index");
                writer.WriteString("_index", operation.Index);
                writer.WriteString("_id", operation.Id);
                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.Flush();
                body.WriteByte((byte)'\n');
                writer.Reset();
                operation.Document.WriteTo(writer);
                writer.Flush();
                body.WriteByte((byte)'\n');
                writer.Reset();
            }
        }

        return await SendAsync(HttpMethod.Post, "_bulk", body.ToArray(), NdJson, ElasticsearchJsonContext.Default.BulkResponse, cancellationToken);
    }

    public Task<SearchResponse> SearchAsync(string? indexPattern, SearchBody body, CancellationToken cancellationToken = default)
    {
        // A search with a point in time names no index: the point in time holds them.
        var path = indexPattern is null ? "_search" : $"{Escape(indexPattern)}/_search?ignore_unavailable=true&allow_no_indices=true";
        return SendAsync(HttpMethod.Post, path, Serialize(body, ElasticsearchJsonContext.Default.SearchBody), Json, ElasticsearchJsonContext.Default.SearchResponse, cancellationToken);
    }

    public Task<CountResponse> CountAsync(string indexPattern, JsonObject query, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["query"] = query };
        return SendAsync(HttpMethod.Post, $"{Escape(indexPattern)}/_count?ignore_unavailable=true&allow_no_indices=true",
            Serialize(body, ElasticsearchJsonContext.Default.JsonObject), Json, ElasticsearchJsonContext.Default.CountResponse, cancellationToken);
    }

    public Task<OpenPointInTimeResponse> OpenPointInTimeAsync(string indexPattern, string keepAlive, CancellationToken cancellationToken = default) =>
        // _pit takes no allow_no_indices (its default already allows a pattern that matches nothing).
        SendAsync(HttpMethod.Post, $"{Escape(indexPattern)}/_pit?keep_alive={Uri.EscapeDataString(keepAlive)}&ignore_unavailable=true",
            null, null, ElasticsearchJsonContext.Default.OpenPointInTimeResponse, cancellationToken);

    public async Task ClosePointInTimeAsync(string id, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["id"] = id };
        using var response = await SendRawAsync(HttpMethod.Delete, "_pit", Serialize(body, ElasticsearchJsonContext.Default.JsonObject), Json, cancellationToken);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            await EnsureSuccessAsync(response, cancellationToken);
        }
    }

    public Task<AcknowledgedResponse> PutIndexTemplateAsync(string name, IndexTemplate template, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, $"_index_template/{Escape(name)}", Serialize(template, ElasticsearchJsonContext.Default.IndexTemplate), Json,
            ElasticsearchJsonContext.Default.AcknowledgedResponse, cancellationToken);

    public Task<AcknowledgedResponse> PutLifecyclePolicyAsync(string name, LifecyclePolicy policy, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, $"_ilm/policy/{Escape(name)}", Serialize(policy, ElasticsearchJsonContext.Default.LifecyclePolicy), Json,
            ElasticsearchJsonContext.Default.AcknowledgedResponse, cancellationToken);

    /// <summary>The indices matching the pattern, sizes in bytes; an empty list when none match.</summary>
    public Task<List<CatIndexRow>> CatIndicesAsync(string indexPattern, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"_cat/indices/{Escape(indexPattern)}?format=json&bytes=b&h=index,health,status,docs.count,store.size&s=index",
            null, null, ElasticsearchJsonContext.Default.ListCatIndexRow, cancellationToken);

    public Task<ClusterHealthResponse> ClusterHealthAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "_cluster/health", null, null, ElasticsearchJsonContext.Default.ClusterHealthResponse, cancellationToken);

    public Task<FieldCapsResponse> FieldCapsAsync(string indexPattern, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"{Escape(indexPattern)}/_field_caps?fields=*&ignore_unavailable=true&allow_no_indices=true",
            null, null, ElasticsearchJsonContext.Default.FieldCapsResponse, cancellationToken);

    /// <summary>Deletes one concrete index; false when there is none of that name.</summary>
    public async Task<bool> DeleteIndexAsync(string name, CancellationToken cancellationToken = default)
    {
        using var response = await SendRawAsync(HttpMethod.Delete, Escape(name), null, null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        return true;
    }

    public Task RefreshAsync(string indices, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"{Escape(indices)}/_refresh?ignore_unavailable=true&allow_no_indices=true", null, null, ElasticsearchJsonContext.Default.JsonObject, cancellationToken);

    public Task FlushAsync(string indices, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"{Escape(indices)}/_flush?ignore_unavailable=true&allow_no_indices=true", null, null, ElasticsearchJsonContext.Default.JsonObject, cancellationToken);

    /// <summary>Registers (or updates) a snapshot repository; Elasticsearch checks that every node can write to it.</summary>
    public Task<AcknowledgedResponse> PutSnapshotRepositoryAsync(string name, SnapshotRepository repository, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, $"_snapshot/{Escape(name)}", Serialize(repository, ElasticsearchJsonContext.Default.SnapshotRepository), Json,
            ElasticsearchJsonContext.Default.AcknowledgedResponse, cancellationToken);

    /// <summary>Takes a snapshot into an already registered repository; with <paramref name="waitForCompletion"/> the call returns when it is done.</summary>
    public Task<CreateSnapshotResponse> CreateSnapshotAsync(string repository, string snapshot, CreateSnapshotRequest request, bool waitForCompletion,
        CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, $"_snapshot/{Escape(repository)}/{Escape(snapshot)}?wait_for_completion={(waitForCompletion ? "true" : "false")}",
            Serialize(request, ElasticsearchJsonContext.Default.CreateSnapshotRequest), Json, ElasticsearchJsonContext.Default.CreateSnapshotResponse, cancellationToken);

    /// <summary>Every snapshot in the repository, oldest first.</summary>
    public Task<GetSnapshotsResponse> GetSnapshotsAsync(string repository, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"_snapshot/{Escape(repository)}/_all", null, null, ElasticsearchJsonContext.Default.GetSnapshotsResponse, cancellationToken);

    /// <summary>One snapshot; null when the repository has none of that name.</summary>
    public async Task<SnapshotInfo?> GetSnapshotAsync(string repository, string snapshot, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await SendAsync(HttpMethod.Get, $"_snapshot/{Escape(repository)}/{Escape(snapshot)}", null, null,
                ElasticsearchJsonContext.Default.GetSnapshotsResponse, cancellationToken);
            return response.Snapshots.FirstOrDefault();
        }
        catch (ElasticsearchException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Files and bytes copied so far (and in all) by a snapshot, running or finished.</summary>
    public Task<SnapshotStatusResponse> SnapshotStatusAsync(string repository, string snapshot, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"_snapshot/{Escape(repository)}/{Escape(snapshot)}/_status", null, null,
            ElasticsearchJsonContext.Default.SnapshotStatusResponse, cancellationToken);

    /// <summary>Restores indices of a snapshot and waits until their primaries are recovered.</summary>
    public Task<RestoreSnapshotResponse> RestoreSnapshotAsync(string repository, string snapshot, RestoreSnapshotRequest request,
        CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"_snapshot/{Escape(repository)}/{Escape(snapshot)}/_restore?wait_for_completion=true",
            Serialize(request, ElasticsearchJsonContext.Default.RestoreSnapshotRequest), Json, ElasticsearchJsonContext.Default.RestoreSnapshotResponse, cancellationToken);

    /// <summary>
    /// The shard recoveries of <paramref name="indices"/> (comma-separated), finished ones included, as a restore's
    /// progress: a restored shard recovers from the snapshot.
    /// </summary>
    public Task<RecoveryResponse> RecoveryAsync(string indices, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"{Escape(indices)}/_recovery?active_only=false&ignore_unavailable=true&allow_no_indices=true", null, null,
            ElasticsearchJsonContext.Default.RecoveryResponse, cancellationToken);

    /// <summary>Deletes a snapshot; false when there is none of that name.</summary>
    public async Task<bool> DeleteSnapshotAsync(string repository, string snapshot, CancellationToken cancellationToken = default)
    {
        using var response = await SendRawAsync(HttpMethod.Delete, $"_snapshot/{Escape(repository)}/{Escape(snapshot)}", null, null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        return true;
    }

    /// <summary>Merges the index's shards down to at most <paramref name="maxSegments"/> segments each (waits until done).</summary>
    public Task ForceMergeAsync(string index, int maxSegments, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"{Escape(index)}/_forcemerge?max_num_segments={maxSegments.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            null, null, ElasticsearchJsonContext.Default.JsonObject, cancellationToken);

    /// <summary>Where ILM has each index matching the pattern.</summary>
    public Task<LifecycleExplainResponse> ExplainLifecycleAsync(string indexPattern, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"{Escape(indexPattern)}/_ilm/explain", null, null, ElasticsearchJsonContext.Default.LifecycleExplainResponse, cancellationToken);

    /// <summary>Changes dynamic settings of the open indices matching the pattern (none matching is not an error).</summary>
    public Task<AcknowledgedResponse> PutIndexSettingsAsync(string indexPattern, JsonObject settings, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, $"{Escape(indexPattern)}/_settings?allow_no_indices=true&ignore_unavailable=true&expand_wildcards=open",
            Serialize(settings, ElasticsearchJsonContext.Default.JsonObject), Json, ElasticsearchJsonContext.Default.AcknowledgedResponse, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<T> SendAsync<T>(HttpMethod method, string path, byte[]? body, MediaTypeHeaderValue? contentType, JsonTypeInfo<T> responseType,
        CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(method, path, body, contentType, cancellationToken);
        // HttpClient's timeout ends with the headers (ResponseHeadersRead): without this, a node or proxy that stalls half way
        // through a body held the caller (the indexer, with the whole batch) for as long as the connection stayed open.
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        reading.CancelAfter(_requestTimeout);
        try
        {
            await EnsureSuccessAsync(response, reading.Token);
            await using var stream = await response.Content.ReadAsStreamAsync(reading.Token);
            return await JsonSerializer.DeserializeAsync(stream, responseType, reading.Token)
                   ?? throw new ElasticsearchException(response.StatusCode, null, $"{method} {path} answered with an empty body");
        }
        catch (JsonException ex)
        {
            throw new ElasticsearchException(response.StatusCode, null, $"{method} {path} answered with a body this client cannot read: {ex.Message}", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ElasticsearchException(null, null,
                $"{method} /{path.Split('?')[0]} sent its headers but not the whole answer within {_requestTimeout.TotalSeconds:0.#} s", ex);
        }
        catch (IOException ex)
        {
            // The connection was reset or closed half way through the answer: as transient as no answer at all.
            throw new ElasticsearchException(null, null, $"{method} /{path.Split('?')[0]} lost its connection while answering ({ex.Message})", ex);
        }
    }

    /// <summary>Sends to the next node in turn; a node that cannot be reached or times out hands the request to the next one.</summary>
    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, byte[]? body, MediaTypeHeaderValue? contentType,
        CancellationToken cancellationToken)
    {
        Exception? last = null;
        var first = (int)((uint)Interlocked.Increment(ref _next) % (uint)_nodes.Length);
        for (var attempt = 0; attempt < _nodes.Length; attempt++)
        {
            var node = _nodes[(first + attempt) % _nodes.Length];
            using var request = new HttpRequestMessage(method, new Uri(node, path));
            request.Headers.Authorization = _authorization;
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = contentType;
            }

            try
            {
                return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                last = ex;
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                last = ex; // the client's timeout, not the caller's cancellation
            }
        }

        throw new ElasticsearchException(null, null, $"no node answered {method} /{path.Split('?')[0]} ({last?.Message})", last);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        string? type = null;
        var reason = text.Length > 500 ? text[..500] : text;
        try
        {
            var error = JsonSerializer.Deserialize(text, ElasticsearchJsonContext.Default.ErrorResponse);
            if (error?.Error.ValueKind == JsonValueKind.Object)
            {
                var cause = error.Error.Deserialize(ElasticsearchJsonContext.Default.ErrorCause);
                type = cause?.Type;
                reason = cause?.CausedBy is null ? cause?.Reason : $"{cause.Reason} (caused by {cause.CausedBy.Describe()})";
            }
            else if (error?.Error.ValueKind == JsonValueKind.String)
            {
                reason = error.Error.GetString();
            }
        }
        catch (JsonException)
        {
            // Not Elasticsearch's error body (a proxy's page, say): the text itself is the best reason there is.
        }

        throw new ElasticsearchException(response.StatusCode, type, reason);
    }

    private bool ValidateWithCa(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false; // a wrong host name is not forgiven by a custom CA
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_trusted!);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return custom.Build(leaf);
    }

    private static AuthenticationHeaderValue? Authorization(ElasticsearchClientOptions options)
    {
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            return new AuthenticationHeaderValue("ApiKey", options.ApiKey);
        }

        if (!string.IsNullOrEmpty(options.Username))
        {
            var pair = Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}");
            return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(pair));
        }

        return null;
    }

    private static byte[] Serialize<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.SerializeToUtf8Bytes(value, type);

    /// <summary>Index names and patterns go into the path as they are, except characters that would change the URL.</summary>
    private static string Escape(string segment) => Uri.EscapeDataString(segment).Replace("%2A", "*", StringComparison.Ordinal).Replace("%2C", ",", StringComparison.Ordinal);
}
