using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Console.Web.Apis;

namespace Console.Web.Verify;

/// <summary>
/// The console's HTTP API as the <c>verify</c> command uses it, reading answers into the same records the routes write,
/// so a change to an answer's shape breaks this client at compile time or in its tests rather than in the field.
/// A non-2xx answer throws <see cref="HttpRequestException"/> with the status and the console's error text.
/// </summary>
internal sealed class ConsoleApiClient(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static readonly MediaTypeHeaderValue Ndjson = new("application/x-ndjson") { CharSet = "utf-8" };

    /// <summary>Where requests go; always ends with <c>/</c>, so a console behind a path prefix is reached under it.</summary>
    public Uri BaseAddress => http.BaseAddress!;

    /// <summary><c>GET /healthz</c>: the body as text.</summary>
    public async Task<string> GetHealthAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri("healthz", UriKind.Relative), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        ThrowUnlessSuccess(response, body);
        return body;
    }

    /// <summary><c>POST /api/ingest?index=...</c> with an NDJSON body.</summary>
    public async Task<IngestResponse> IngestAsync(string indexBase, string ndjson, CancellationToken cancellationToken)
    {
        using var content = new StringContent(ndjson, Encoding.UTF8, Ndjson);
        using var response = await http.PostAsync(new Uri("api/ingest?index=" + Uri.EscapeDataString(indexBase), UriKind.Relative), content, cancellationToken);
        return await ReadAsync<IngestResponse>(response, cancellationToken);
    }

    /// <summary><c>POST /_bulk</c>, Elasticsearch's bulk API.</summary>
    public async Task<BulkResponse> BulkAsync(string body, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body, Encoding.UTF8, Ndjson);
        using var response = await http.PostAsync(new Uri("_bulk", UriKind.Relative), content, cancellationToken);
        return await ReadAsync<BulkResponse>(response, cancellationToken);
    }

    /// <summary><c>POST /v1/logs</c> with an OTLP/JSON body: the answer's body (an ExportLogsServiceResponse), or an exception for any other status than 200.</summary>
    public async Task<string> OtlpLogsAsync(string json, CancellationToken cancellationToken)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("v1/logs", UriKind.Relative), content, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        ThrowUnlessSuccess(response, body);
        return body;
    }

    /// <summary><c>POST /ingest/clef</c>, Seq's ingestion API: the answer's body (Seq's <c>{"MinimumLevelAccepted":null}</c> with 201).</summary>
    public async Task<(int Status, string Body)> ClefAsync(string clef, string? apiKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("ingest/clef", UriKind.Relative))
        {
            Content = new StringContent(clef, Encoding.UTF8, "application/vnd.serilog.clef"),
        };
        if (!string.IsNullOrEmpty(apiKey))
        {
            request.Headers.Add(Apis.SeqIngestionApi.ApiKeyHeader, apiKey);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        ThrowUnlessSuccess(response, body);
        return ((int)response.StatusCode, body);
    }

    /// <summary><c>GET /api/search</c>.</summary>
    public async Task<SearchResponse> SearchAsync(string indexPattern, string query, string from, int size, CancellationToken cancellationToken)
    {
        var uri = string.Create(CultureInfo.InvariantCulture,
            $"api/search?index={Uri.EscapeDataString(indexPattern)}&q={Uri.EscapeDataString(query)}&from={Uri.EscapeDataString(from)}&size={size}");
        using var response = await http.GetAsync(new Uri(uri, UriKind.Relative), cancellationToken);
        return await ReadAsync<SearchResponse>(response, cancellationToken);
    }

    /// <summary><c>GET /api/ingest/stats</c>.</summary>
    public async Task<IngestStatsResponse> GetIngestStatsAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri("api/ingest/stats", UriKind.Relative), cancellationToken);
        return await ReadAsync<IngestStatsResponse>(response, cancellationToken);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        ThrowUnlessSuccess(response, body);
        try
        {
            return JsonSerializer.Deserialize<T>(body, Json)
                ?? throw new HttpRequestException($"{(int)response.StatusCode}: the answer is JSON null, not a {typeof(T).Name}");
        }
        catch (JsonException ex)
        {
            throw new HttpRequestException($"{(int)response.StatusCode}: the answer is not a {typeof(T).Name}: {ex.Message}", ex);
        }
    }

    private static void ThrowUnlessSuccess(HttpResponseMessage response, string body)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var reason = body;
        try
        {
            if (JsonSerializer.Deserialize<ApiError>(body, Json) is { Error: { } error })
            {
                reason = error;
            }
        }
        catch (JsonException)
        {
            // Not the console's error shape (a proxy's page, another server): show the start of the body as it is.
        }

        if (reason.Length > 200)
        {
            reason = reason[..200] + "...";
        }

        var request = response.RequestMessage is { } sent ? $"{sent.Method} {sent.RequestUri}: " : "";
        throw new HttpRequestException(
            $"{request}{(int)response.StatusCode} {response.ReasonPhrase}{(reason.Length > 0 ? ": " + reason.ReplaceLineEndings(" ") : "")}",
            null,
            response.StatusCode);
    }
}
