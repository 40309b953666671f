using System.Net;

namespace Console.Web.Tests.Faults.Io;

/// <summary>
/// Posts batches of <see cref="NumberedEvents"/> to <c>POST /api/ingest</c> while the store fails, and sorts each batch by
/// its answer: acknowledged (200), unknown (no answer within the client's timeout: may be indexed once, or not), or
/// refused with 429 (queue full, nothing taken; counted). Any other answer fails the test.
/// </summary>
public sealed class OutageIngestSender(HttpClient client, string indexBase, int batchSize)
{
    private int _next;

    public List<int> Acknowledged { get; } = [];

    public List<int> Unknown { get; } = [];

    /// <summary>Batches refused with 429.</summary>
    public int TooMany { get; private set; }

    public async Task SendAsync()
    {
        var first = _next;
        _next += batchSize;
        HttpResponseMessage response;
        try
        {
            response = await client.PostAsync(new Uri($"/api/ingest?index={indexBase}", UriKind.Relative), NumberedEvents.Content(first, batchSize));
        }
        catch (Exception ex) when (ex is TaskCanceledException or HttpRequestException)
        {
            Unknown.AddRange(Enumerable.Range(first, batchSize));
            return;
        }

        if (response.StatusCode == HttpStatusCode.OK)
        {
            Acknowledged.AddRange(Enumerable.Range(first, batchSize));
            return;
        }

        // The only other answer allowed: the queue is full, nothing was taken.
        Assert.True(response.StatusCode == HttpStatusCode.TooManyRequests,
            $"ingest answered {(int)response.StatusCode} during the outage: {await response.Content.ReadAsStringAsync()}");
        Assert.NotNull(response.Headers.RetryAfter);
        TooMany++;
    }
}
