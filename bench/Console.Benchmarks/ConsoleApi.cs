using System.Net.Http.Json;
using System.Text.Json;

namespace Console.Benchmarks;

/// <summary>The two console routes the benchmark reads: the search total and the ingest counters.</summary>
internal static class ConsoleApi
{
    /// <summary>The logs the pipeline writes; ERROR/CRITICAL are also copied to thebot-errors-*, so counting only these counts each event once.</summary>
    public const string LogsPattern = "thebot-logs-*";

    public const string ParseFailureQuery = "tags:_grokparsefailure OR tags:_groktimeout OR tags:_syslogparsefailure";

    /// <summary>Hits of <paramref name="query"/> over all time (file events keep the corpus's own timestamps).</summary>
    public static async Task<long> CountAsync(HttpClient api, string query, CancellationToken cancellationToken)
    {
        var uri = new Uri($"/api/search?index={Uri.EscapeDataString(LogsPattern)}&from=*&to=*&size=0&q={Uri.EscapeDataString(query)}", UriKind.Relative);
        var body = await api.GetFromJsonAsync<JsonElement>(uri, cancellationToken);
        return body.GetProperty("total").GetInt64();
    }

    public static async Task<IngestStatsSnapshot> StatsAsync(HttpClient api, CancellationToken cancellationToken)
    {
        var body = await api.GetFromJsonAsync<JsonElement>(new Uri("/api/ingest/stats", UriKind.Relative), cancellationToken);
        return new IngestStatsSnapshot(
            body.GetProperty("queue").GetProperty("pending").GetInt64(),
            Components(body.GetProperty("inputs")),
            Components(body.GetProperty("stages")));
    }

    private static List<ComponentCounts> Components(JsonElement byName) =>
        byName.EnumerateObject().Select(c => new ComponentCounts(
            c.Name,
            c.Value.GetProperty("received").GetInt64(),
            c.Value.GetProperty("parsed").GetInt64(),
            c.Value.GetProperty("failed").GetInt64(),
            c.Value.GetProperty("dropped").GetInt64(),
            c.Value.GetProperty("rejected").GetInt64(),
            c.Value.GetProperty("queued").GetInt64(),
            c.Value.TryGetProperty("indexed", out var indexed) && indexed.ValueKind == JsonValueKind.Number ? indexed.GetInt64() : null,
            c.Value.GetProperty("recent_rejections").EnumerateArray().Select(r => r.GetProperty("reason").GetString() ?? string.Empty).ToList())).ToList();
}
