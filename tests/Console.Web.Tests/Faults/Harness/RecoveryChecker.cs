using System.Net.Http.Json;
using System.Text.Json;

namespace Console.Web.Tests.Faults.Harness;

/// <summary>
/// Proves recovery from the console's own answers: waits until the queue is drained and the count has settled, reads
/// every stored event back through <c>GET /api/export</c>, and compares them with what <see cref="NumberedEventSender"/>
/// recorded: each expected event found exactly once, its payload the one sent and matching its hash; then a fresh batch
/// sent after recovery must be acknowledged and searchable.
/// </summary>
public static class RecoveryChecker
{
    public static async Task<RecoveryReport> CheckAsync(HttpClient client, NumberedEventSender sender, IReadOnlySet<long>? expected = null)
    {
        var acknowledged = sender.AcknowledgedSequences();
        expected ??= acknowledged;
        await SettleAsync(client, sender);

        var copies = new Dictionary<long, int>();
        long corrupt = 0;
        using (var export = await client.GetAsync(
                   new Uri($"/api/export?index={sender.IndexPattern}&from=*&to=*&q=*&format=ndjson", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.True(export.IsSuccessStatusCode, $"the export answered {(int)export.StatusCode}: {await export.Content.ReadAsStringAsync()}");
            using var reader = new StreamReader(await export.Content.ReadAsStreamAsync());
            while (await reader.ReadLineAsync() is { } line)
            {
                if (line.Length == 0)
                {
                    continue;
                }

                var source = JsonDocument.Parse(line).RootElement;
                if (!source.TryGetProperty("seq", out var seq) || !seq.TryGetInt64(out var sequence))
                {
                    corrupt++;
                    continue;
                }

                copies[sequence] = copies.GetValueOrDefault(sequence) + 1;
                var payload = source.TryGetProperty("payload", out var p) ? p.GetString() : null;
                var hash = source.TryGetProperty("payload_sha256", out var h) ? h.GetString() : null;
                if (payload is null || payload != sender.PayloadOf(sequence) || hash != NumberedEventSender.Hash(payload))
                {
                    corrupt++;
                }
            }
        }

        var missing = expected.Where(s => !copies.ContainsKey(s)).Order().ToList();
        var duplicates = copies.Values.Sum(n => (long)n - 1);
        var unacknowledged = copies.Keys.LongCount(s => !acknowledged.Contains(s));
        var fresh = await FreshBatchIndexedAsync(client, sender);
        return new RecoveryReport(
            sender.Sent, acknowledged.Count, expected.Count, copies.Count, unacknowledged, missing.Count, duplicates, corrupt, fresh, missing.Take(10).ToList());
    }

    /// <summary>
    /// Waits until the queue holds nothing unindexed and the searchable count is the same on three reads in a row: events
    /// durable before a kill cut their answer off are still being replayed and indexed after a restart.
    /// </summary>
    private static async Task SettleAsync(HttpClient client, NumberedEventSender sender)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        long last = -1;
        var steady = 0;
        while (DateTime.UtcNow < deadline && steady < 3)
        {
            await Task.Delay(500);
            var stats = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/ingest/stats", UriKind.Relative));
            var pending = stats.GetProperty("queue").GetProperty("pending").GetInt64();
            var total = await CountAsync(client, sender, "*");
            steady = pending == 0 && total == last ? steady + 1 : 0;
            last = total;
        }

        Assert.True(steady >= 3, $"the console did not settle within 5 minutes (last count {last})");
    }

    private static async Task<bool> FreshBatchIndexedAsync(HttpClient client, NumberedEventSender sender)
    {
        var batch = await sender.SendBatchAsync(client, refresh: "wait_for");
        if (!batch.Acknowledged)
        {
            return false;
        }

        var found = await Support.Eventually.Get(
            () => CountAsync(client, sender, $"seq:[{batch.First} TO {batch.Last}]"), n => n >= batch.Count, TimeSpan.FromSeconds(60));
        return found == batch.Count;
    }

    private static async Task<long> CountAsync(HttpClient client, NumberedEventSender sender, string query) =>
        (await client.GetFromJsonAsync<JsonElement>(
            new Uri($"/api/search?index={sender.IndexPattern}&from=*&to=*&size=0&q={Uri.EscapeDataString(query)}", UriKind.Relative)))
        .GetProperty("total").GetInt64();
}
