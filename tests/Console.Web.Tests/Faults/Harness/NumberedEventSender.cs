using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Console.Web.Tests.Faults.Harness;

/// <summary>
/// Sends numbered events to <c>POST /api/ingest</c> and records exactly which were acknowledged. Every event carries its
/// sequence number (<c>seq</c>), a random <c>payload</c> and the first 16 hex digits of the payload's SHA-256
/// (<c>payload_sha256</c>), so a checker can prove each one arrived once and intact.
/// <para>
/// Acknowledged means an HTTP 200 whose <c>accepted</c> equals the batch: the console promises those are durable. A 429
/// (queue full: nothing was taken) is sent again, as a shipper does. A batch whose answer never came (connection refused
/// or cut by a kill) is in doubt and is not sent again, so a copy found twice is the console's duplicate, never the
/// sender's. The TCP JSON-lines receiver has no acknowledgement a sender can see (the protocol has no reply; a line
/// counts as taken once the kernel buffered it), so the suite proves the promise where one is made: over HTTP.
/// </para>
/// </summary>
public sealed class NumberedEventSender(Uri baseAddress, string index, int batchSize = 250)
{
    private readonly ConcurrentDictionary<long, string> _payloads = new();
    private readonly Lock _acknowledgedLock = new();
    private readonly HashSet<long> _acknowledged = [];
    private readonly string _timestamp = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    private long _next;
    private long _sent;
    private long _inDoubt;
    private long _refused;

    public string Index => index;

    /// <summary>The index pattern to search the sent events in (daily indices of <see cref="Index"/>).</summary>
    public string IndexPattern => index + "-*";

    /// <summary>Events that reached the console (acknowledged or in doubt).</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Events of batches whose answer never came (a kill mid-request) or was an error.</summary>
    public long InDoubt => Interlocked.Read(ref _inDoubt);

    /// <summary>Events of batches whose connection was refused while the console was down: not sent, never numbered again.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    public int Acknowledged
    {
        get
        {
            lock (_acknowledgedLock)
            {
                return _acknowledged.Count;
            }
        }
    }

    public IReadOnlySet<long> AcknowledgedSequences()
    {
        lock (_acknowledgedLock)
        {
            return _acknowledged.ToHashSet();
        }
    }

    /// <summary>The payload sent with <paramref name="sequence"/>, or null when no such event was sent.</summary>
    public string? PayloadOf(long sequence) => _payloads.TryGetValue(sequence, out var payload) ? payload : null;

    /// <summary>Sends one batch of consecutive sequence numbers and tells whether it was acknowledged.</summary>
    public async Task<SentBatch> SendBatchAsync(HttpClient client, string? refresh = null)
    {
        var first = Interlocked.Add(ref _next, batchSize) - batchSize;
        var body = new StringBuilder(batchSize * 200);
        for (var sequence = first; sequence < first + batchSize; sequence++)
        {
            var payload = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
            _payloads[sequence] = payload;
            body.Append(Line(sequence, payload)).Append('\n');
        }

        Interlocked.Add(ref _sent, batchSize);
        var uri = new Uri($"/api/ingest?index={index}" + (refresh is null ? string.Empty : "&refresh=" + refresh), UriKind.Relative);
        try
        {
            var response = await client.PostAsync(uri, new StringContent(body.ToString(), Encoding.UTF8, "application/x-ndjson"));
            for (var retry = 0; response.StatusCode == HttpStatusCode.TooManyRequests && retry < 1200; retry++)
            {
                response.Dispose();
                await Task.Delay(100);
                response = await client.PostAsync(uri, new StringContent(body.ToString(), Encoding.UTF8, "application/x-ndjson"));
            }

            using (response)
            {
                if (response.StatusCode == HttpStatusCode.OK
                    && JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("accepted").GetInt64() == batchSize)
                {
                    lock (_acknowledgedLock)
                    {
                        for (var sequence = first; sequence < first + batchSize; sequence++)
                        {
                            _acknowledged.Add(sequence);
                        }
                    }

                    return new SentBatch(first, batchSize, Acknowledged: true);
                }
            }
        }
        catch (HttpRequestException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            // The console is down: the batch never reached it, so it is neither sent nor in doubt.
            Interlocked.Add(ref _sent, -batchSize);
            Interlocked.Add(ref _refused, batchSize);
            for (var sequence = first; sequence < first + batchSize; sequence++)
            {
                _payloads.TryRemove(sequence, out _);
            }

            return new SentBatch(first, batchSize, Acknowledged: false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException or JsonException)
        {
            // No answer (killed mid-request): in doubt, and not sent again.
        }

        Interlocked.Add(ref _inDoubt, batchSize);
        return new SentBatch(first, batchSize, Acknowledged: false);
    }

    /// <summary>
    /// Sends batches from <paramref name="workers"/> concurrent senders until <paramref name="stop"/> is cancelled; a batch
    /// in flight then still gets its answer. While the console is down each worker waits 100 ms between attempts.
    /// </summary>
    public Task RunAsync(int workers, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
            while (!stop.IsCancellationRequested)
            {
                if (!(await SendBatchAsync(client)).Acknowledged)
                {
                    await Task.Delay(100, CancellationToken.None);
                }
            }
        }, CancellationToken.None)));

    /// <summary>The first 16 hex digits of the SHA-256 of the payload's UTF-8 bytes.</summary>
    public static string Hash(string payload) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(payload)))[..16];

    private string Line(long sequence, string payload) =>
        string.Create(CultureInfo.InvariantCulture,
            $$"""{"@timestamp":"{{_timestamp}}","message":"fault suite event {{sequence}}","seq":{{sequence}},"payload":"{{payload}}","payload_sha256":"{{Hash(payload)}}"}""");
}
