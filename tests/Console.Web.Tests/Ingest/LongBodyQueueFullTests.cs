using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Console.Web.Tests.Faults.Io;
using Console.Web.Tests.Support;

namespace Console.Web.Tests.Ingest;

/// <summary>
/// A body long enough to be queued in parts, sent while the queue is full and stays full (the store refuses writes, so
/// nothing drains): once its first part is taken, the rest waits for room no longer than Ingest:Queue:MaxRequestWait,
/// and the 429 says how many of the first events were taken; exactly those are indexed once the store is back.
/// </summary>
public sealed partial class LongBodyQueueFullTests : IDisposable
{
    private const int MaxPendingEvents = 1000;
    private readonly OutageStoreConsole _console = new()
    {
        Settings =
        {
            ["Ingest:Queue:MaxPendingEvents"] = MaxPendingEvents.ToString(CultureInfo.InvariantCulture),
            ["Ingest:Queue:MaxRequestWait"] = "00:00:01",
            ["Ingest:Ndjson:BatchSize"] = "500",
        },
    };

    public void Dispose() => _console.Dispose();

    [Fact]
    public async Task Ndjson_body_answers_429_within_the_bound_saying_how_many_first_events_were_taken_and_loses_none_of_them()
    {
        using var client = _console.CreateClient();
        // Without the bound the request waited for as long as the store was down; the client gives up long before that.
        client.Timeout = TimeSpan.FromSeconds(60);
        var store = _console.Store;
        store.Fail();

        var response = await client.PostAsync(new Uri("/api/ingest?index=stalled", UriKind.Relative), NumberedEvents.Content(0, 3 * MaxPendingEvents));

        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.TooManyRequests, $"{(int)response.StatusCode} {answer}");
        Assert.NotNull(response.Headers.RetryAfter);
        var taken = Taken(JsonDocument.Parse(answer).RootElement.GetProperty("error").GetString()!);
        Assert.InRange(taken, 1, MaxPendingEvents);

        store.Recover();
        await EventChecker.VerifyAsync(client, "stalled-*", Enumerable.Range(0, taken).ToList(), TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Clef_body_answers_429_within_the_bound_saying_how_many_first_events_were_taken()
    {
        using var client = _console.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(60);
        _console.Store.Fail();
        var body = new StringBuilder();
        for (var seq = 0; seq < 3 * Console.Web.Apis.SeqIngestionApi.SubmitBatchSize; seq++)
        {
            body.Append(CultureInfo.InvariantCulture, $$"""{"@t":"2026-11-23T10:00:00Z","@m":"clef event {{seq}}","seq":{{seq}}}""").Append('\n');
        }

        using var content = new StringContent(body.ToString(), Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/vnd.serilog.clef");
        var response = await client.PostAsync(new Uri("/ingest/clef", UriKind.Relative), content);

        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.TooManyRequests, $"{(int)response.StatusCode} {answer}");
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.InRange(Taken(JsonDocument.Parse(answer).RootElement.GetProperty("Error").GetString()!), Console.Web.Apis.SeqIngestionApi.SubmitBatchSize, 2 * Console.Web.Apis.SeqIngestionApi.SubmitBatchSize);
    }

    private static int Taken(string reason)
    {
        var match = TakenPattern().Match(reason);
        Assert.True(match.Success, $"the reason does not say how many events were taken: {reason}");
        Assert.Contains("Ingest:Queue:MaxRequestWait", reason, StringComparison.Ordinal);
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("the first ([0-9]+) events of this request were accepted, the rest were not")]
    private static partial Regex TakenPattern();
}
