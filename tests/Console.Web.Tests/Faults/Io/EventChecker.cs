using System.Net.Http.Json;
using System.Text.Json;

namespace Console.Web.Tests.Faults.Io;

/// <summary>
/// The checker of the fault tests: after recovery, every acknowledged numbered event is searchable exactly once with its
/// payload intact, and nothing that was refused was indexed.
/// </summary>
public static class EventChecker
{
    private const int PageSize = 5000;

    /// <summary>
    /// Waits until at least the acknowledged events are searchable in <paramref name="indexPattern"/>, then reads every
    /// hit and checks them; <paramref name="unknown"/> are events whose answer was lost (may be indexed once, or not).
    /// </summary>
    public static async Task VerifyAsync(HttpClient client, string indexPattern, IReadOnlyCollection<int> acknowledged, TimeSpan timeout,
        IReadOnlyCollection<int>? unknown = null, Func<string>? context = null)
    {
        var total = await Support.Eventually.Get(() => CountAsync(client, indexPattern), n => n >= acknowledged.Count, timeout);
        var seen = new Dictionary<int, int>();
        var broken = new List<string>();
        string? next = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>(
                $"/api/search?index={indexPattern}&from=*&to=*&q=*&size={PageSize}&sort=asc" + (next is null ? string.Empty : "&search_after=" + Uri.EscapeDataString(next)));
            foreach (var hit in page.GetProperty("hits").EnumerateArray())
            {
                var source = hit.GetProperty("_source");
                var seq = source.GetProperty("seq").GetInt32();
                seen[seq] = seen.GetValueOrDefault(seq) + 1;
                var payload = source.TryGetProperty("payload", out var p) ? p.GetString() : null;
                if (payload != NumberedEvents.Payload(seq) && broken.Count < 10)
                {
                    broken.Add($"seq {seq}: payload '{payload}'");
                }
            }

            next = page.TryGetProperty("next", out var cursor) && cursor.ValueKind == JsonValueKind.String && page.GetProperty("hits").GetArrayLength() > 0
                ? cursor.GetString()
                : null;
        }
        while (next is not null);

        var expected = acknowledged.ToHashSet();
        var maybe = unknown?.ToHashSet() ?? [];
        var missing = expected.Where(s => !seen.ContainsKey(s)).Order().ToList();
        var duplicated = seen.Where(s => s.Value > 1).Select(s => s.Key).Order().ToList();
        var unexpected = seen.Keys.Where(s => !expected.Contains(s) && !maybe.Contains(s)).Order().ToList();
        var detail = context?.Invoke() ?? string.Empty;
        Assert.True(missing.Count == 0, $"{missing.Count} of {expected.Count} acknowledged events missing ({total} searchable), first: {string.Join(", ", missing.Take(20))}\n{detail}");
        Assert.True(duplicated.Count == 0, $"{duplicated.Count} events indexed more than once, first: {string.Join(", ", duplicated.Take(20))}\n{detail}");
        Assert.True(unexpected.Count == 0, $"{unexpected.Count} events indexed that were refused, first: {string.Join(", ", unexpected.Take(20))}\n{detail}");
        Assert.True(broken.Count == 0, $"payloads changed: {string.Join("; ", broken)}");
    }

    /// <summary>A fresh event sent after the fault, waited for until searchable (refresh=wait_for).</summary>
    public static async Task FreshEventIsIndexedAsync(HttpClient client, string indexBase, int seq)
    {
        var response = await client.PostAsync(new Uri($"/api/ingest?index={indexBase}&refresh=wait_for", UriKind.Relative), NumberedEvents.Content(seq, 1));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var found = await Support.Eventually.Get(() => CountAsync(client, indexBase + "-*", $"seq:{seq}"), n => n == 1, TimeSpan.FromSeconds(30));
        Assert.Equal(1, found);
    }

    public static async Task<long> CountAsync(HttpClient client, string indexPattern, string q = "*") =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/search?index={indexPattern}&from=*&to=*&size=0&q={Uri.EscapeDataString(q)}")).GetProperty("total").GetInt64();
}
