using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Console.Ingest.Sources.Gelf;
using Console.Ingest.Sources.JsonLines;
using Console.Ingest.Sources.Syslog;
using Console.Web.Apis;

namespace Console.Web.Verify;

/// <summary>
/// <c>Console.Web verify</c>: checks a running console from outside, as a user would. Every port answers; one probe
/// event goes through each receiver (HTTP NDJSON, <c>_bulk</c>, OTLP/HTTP, Seq CLEF, JSON lines, syslog and GELF over TCP and UDP);
/// each probe is searched for by its marker until found or the timeout passes; and the ingest stats are shown.
/// One line per check, PASS or FAIL; exit code 0 when all pass, 1 when any fails, 2 for bad arguments.
/// </summary>
public sealed class VerifyCommand
{
    public const string Name = "verify";

    /// <summary>Where verify finds an API key when <c>--api-key</c> is not given.</summary>
    public const string ApiKeyVariable = "CONSOLE_API_KEY";

    public const int Passed = 0;
    public const int Failed = 1;
    public const int BadArguments = 2;

    private const string SearchPattern = ReceiverProbe.IndexBase + "-*";
    private const string SearchFrom = "now-1h";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly VerifyOptions _options;
    private readonly TextWriter _output;
    private readonly ConsoleApiClient _api;
    private readonly List<VerifyCheck> _checks = [];

    private VerifyCommand(VerifyOptions options, TextWriter output, ConsoleApiClient api)
    {
        _options = options;
        _output = output;
        _api = api;
    }

    /// <summary>Runs the checks against the console <paramref name="args"/> name (the arguments after <c>verify</c>), writing one line per check to <paramref name="output"/>.</summary>
    /// <returns>The process exit code: <see cref="Passed"/>, <see cref="Failed"/> or <see cref="BadArguments"/>.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!VerifyOptions.TryParse(args, out var options, out var error))
        {
            await output.WriteLineAsync($"verify: {error}");
            await output.WriteLineAsync(VerifyOptions.Usage);
            return BadArguments;
        }

        if (options.Help)
        {
            await output.WriteLineAsync(VerifyOptions.Usage);
            return Passed;
        }

        var baseAddress = options.Url.AbsoluteUri.EndsWith('/') ? options.Url : new Uri(options.Url.AbsoluteUri + "/");
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = options.Timeout };
        var apiKey = options.ApiKey ?? Environment.GetEnvironmentVariable(ApiKeyVariable);
        if (!string.IsNullOrWhiteSpace(apiKey))
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("ApiKey", apiKey.Trim());
        }

        var command = new VerifyCommand(options, output, new ConsoleApiClient(http));
        try
        {
            return await command.RunAsync(cancellationToken) ? Passed : Failed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await output.WriteLineAsync("verify: cancelled");
            return Failed;
        }
    }

    private async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        var o = _options;
        await WriteAsync($"Verifying the console at {_api.BaseAddress} with receivers on {o.Host}: json tcp {o.JsonTcpPort}, json udp {o.JsonUdpPort}, " +
            $"syslog tcp {o.SyslogTcpPort}, syslog udp {o.SyslogUdpPort}, gelf tcp {o.GelfTcpPort}, gelf udp {o.GelfUdpPort}; timeout {o.Timeout.TotalSeconds:0.###} s");

        await WriteAsync("Ports");
        var httpUp = await CheckAsync("http /healthz", CheckHealthAsync, cancellationToken);
        await CheckAsync($"{JsonLinesReceiver.TcpInput} connect", ct => ConnectAsync(o.JsonTcpPort, ct), cancellationToken);
        await CheckAsync($"{JsonLinesReceiver.UdpInput} send", ct => SendEmptyDatagramAsync(o.JsonUdpPort, ct), cancellationToken);
        await CheckAsync($"{SyslogReceiver.TcpInput} connect", ct => ConnectAsync(o.SyslogTcpPort, ct), cancellationToken);
        await CheckAsync($"{SyslogReceiver.UdpInput} send", ct => SendEmptyDatagramAsync(o.SyslogUdpPort, ct), cancellationToken);
        await CheckAsync($"{GelfReceiver.TcpInput} connect", ct => ConnectAsync(o.GelfTcpPort, ct), cancellationToken);
        await CheckAsync($"{GelfReceiver.UdpInput} send", ct => SendEmptyDatagramAsync(o.GelfUdpPort, ct), cancellationToken);

        await WriteAsync("Probes (one event through each receiver)");
        var now = DateTimeOffset.UtcNow;
        var probes = new (ReceiverProbe Probe, Func<ReceiverProbe, CancellationToken, Task<string>> Send)[]
        {
            (new ReceiverProbe(IngestApi.Input, now), SendNdjsonAsync),
            (new ReceiverProbe(BulkApi.Input, now), SendBulkAsync),
            (new ReceiverProbe(JsonLinesReceiver.TcpInput, now), (p, ct) => SendTcpAsync(o.JsonTcpPort, p.JsonLine() + "\n", ct)),
            (new ReceiverProbe(JsonLinesReceiver.UdpInput, now), (p, ct) => SendUdpAsync(o.JsonUdpPort, p.JsonLine(), ct)),
            (new ReceiverProbe(SyslogReceiver.TcpInput, now), (p, ct) => SendTcpAsync(o.SyslogTcpPort, p.Syslog5424Line(), ct)),
            (new ReceiverProbe(SyslogReceiver.UdpInput, now), (p, ct) => SendUdpAsync(o.SyslogUdpPort, p.Syslog3164Message(), ct)),
            (new ReceiverProbe(OtlpApi.Input, now), SendOtlpAsync),
            (new ReceiverProbe(SeqIngestionApi.Input, now), SendClefAsync),
            // GELF over TCP ends each message with a NUL.
            (new ReceiverProbe(GelfReceiver.TcpInput, now), (p, ct) => SendTcpAsync(o.GelfTcpPort, p.GelfMessage() + "\0", ct)),
            (new ReceiverProbe(GelfReceiver.UdpInput, now), (p, ct) => SendUdpAsync(o.GelfUdpPort, p.GelfMessage(), ct)),
        };
        foreach (var (probe, send) in probes)
        {
            var sent = await CheckAsync($"probe {probe.Input}", async ct => $"{await send(probe, ct)}, marker {probe.Marker}", cancellationToken);
            probe.SentAt = sent ? Stopwatch.GetTimestamp() : null;
        }

        await WriteAsync($"Searchable (time from sending to the first search that found it; {SearchPattern}, {SearchFrom})");
        await WaitUntilSearchableAsync(probes.Select(p => p.Probe).ToList(), httpUp, cancellationToken);

        await WriteAsync("Ingest stats");
        IngestStatsResponse? stats = null;
        if (await CheckAsync("ingest stats", async ct => Describe(stats = await _api.GetIngestStatsAsync(ct)), cancellationToken))
        {
            await WriteStatsAsync(stats!);
        }

        var failed = _checks.Count(c => !c.Passed);
        await WriteAsync(failed == 0
            ? $"PASS: all {_checks.Count} checks passed"
            : $"FAIL: {failed} of {_checks.Count} checks failed: {string.Join(", ", _checks.Where(c => !c.Passed).Select(c => c.Name))}");
        return failed == 0;
    }

    private async Task<string> CheckHealthAsync(CancellationToken cancellationToken)
    {
        var body = await _api.GetHealthAsync(cancellationToken);
        string? status = null;
        try
        {
            using var json = JsonDocument.Parse(body);
            status = json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("status", out var value) ? value.ToString() : null;
        }
        catch (JsonException)
        {
            // Something else answers on that port (a proxy's page, another server): said below with what it sent.
        }

        return status == "ok"
            ? $"GET {_api.BaseAddress}healthz: {body}"
            : throw new InvalidOperationException($"GET {_api.BaseAddress}healthz answered {(body.Length > 100 ? body[..100] + "..." : body).ReplaceLineEndings(" ")}, not {{\"status\":\"ok\"}}");
    }

    private async Task<string> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        await SocketSender.SendTcpAsync(_options.Host, port, ReadOnlyMemory<byte>.Empty, _options.Timeout, cancellationToken);
        return $"connected to {_options.Host}:{port}";
    }

    private async Task<string> SendEmptyDatagramAsync(int port, CancellationToken cancellationToken)
    {
        await SocketSender.SendUdpAsync(_options.Host, port, ReadOnlyMemory<byte>.Empty, waitForRefusal: true, cancellationToken);
        return $"sent an empty datagram to {_options.Host}:{port}; no port-unreachable within {SocketSender.RefusalWait.TotalMilliseconds:0} ms";
    }

    private async Task<string> SendNdjsonAsync(ReceiverProbe probe, CancellationToken cancellationToken)
    {
        var answer = await _api.IngestAsync(ReceiverProbe.IndexBase, probe.JsonLine() + "\n", cancellationToken);
        return answer is { Accepted: 1, Rejected: 0 }
            ? $"POST {_api.BaseAddress}api/ingest?index={ReceiverProbe.IndexBase}: accepted 1"
            : throw new InvalidOperationException($"POST /api/ingest accepted {answer.Accepted} and rejected {answer.Rejected}" +
                string.Concat(answer.Errors.Take(1).Select(e => $": {e.Reason}")));
    }

    private async Task<string> SendBulkAsync(ReceiverProbe probe, CancellationToken cancellationToken)
    {
        var answer = await _api.BulkAsync(probe.BulkBody(), cancellationToken);
        var item = answer.Items.Count == 1 ? answer.Items[0].Values.First() : null;
        return item is { Status: 201 } && !answer.Errors
            ? $"POST {_api.BaseAddress}_bulk: {item.Result} in {item.Index}"
            : throw new InvalidOperationException($"POST /_bulk answered {answer.Items.Count} items, errors {answer.Errors}" +
                (item?.Error is { } e ? $": {e.Type}: {e.Reason}" : ""));
    }

    private async Task<string> SendOtlpAsync(ReceiverProbe probe, CancellationToken cancellationToken)
    {
        var answer = await _api.OtlpLogsAsync(probe.OtlpJson(), cancellationToken);
        // Full success is an empty response; partial_success would name refused records.
        return answer.Contains("partialSuccess", StringComparison.Ordinal)
            ? throw new InvalidOperationException($"POST /v1/logs refused the record: {answer}")
            : $"POST {_api.BaseAddress}v1/logs: 200 {answer}";
    }

    private async Task<string> SendClefAsync(ReceiverProbe probe, CancellationToken cancellationToken)
    {
        var (status, body) = await _api.ClefAsync(probe.ClefLine() + "\n", _options.SeqApiKey, cancellationToken);
        return status == 201
            ? $"POST {_api.BaseAddress}ingest/clef: 201 {body}"
            : throw new InvalidOperationException($"POST /ingest/clef answered {status} {body}, not 201");
    }

    private async Task<string> SendTcpAsync(int port, string payload, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        await SocketSender.SendTcpAsync(_options.Host, port, bytes, _options.Timeout, cancellationToken);
        return $"wrote {bytes.Length} bytes to {_options.Host}:{port}";
    }

    private async Task<string> SendUdpAsync(int port, string payload, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        // No wait for a refusal here: the port check asked that, and waiting would delay the probes sent after this one.
        await SocketSender.SendUdpAsync(_options.Host, port, bytes, waitForRefusal: false, cancellationToken);
        return $"sent {bytes.Length} bytes to {_options.Host}:{port}";
    }

    private async Task WaitUntilSearchableAsync(IReadOnlyList<ReceiverProbe> probes, bool httpUp, CancellationToken cancellationToken)
    {
        var pending = new List<ReceiverProbe>();
        foreach (var probe in probes)
        {
            if (probe.SentAt is null)
            {
                await RecordAsync(VerifyCheck.Fail($"searchable {probe.Input}", "not searched: the probe was not sent", TimeSpan.Zero));
            }
            else if (!httpUp)
            {
                await RecordAsync(VerifyCheck.Fail($"searchable {probe.Input}", "not searched: the HTTP API did not answer /healthz", TimeSpan.Zero));
            }
            else
            {
                pending.Add(probe);
            }
        }

        var started = Stopwatch.GetTimestamp();
        var lastErrors = new Dictionary<ReceiverProbe, string>();
        while (pending.Count > 0)
        {
            // One search per pending probe at once, so a probe's time does not include the searches for the others.
            var round = await Task.WhenAll(pending.Select(probe => SearchOnceAsync(probe, cancellationToken)));
            foreach (var (probe, outcome, error) in round)
            {
                if (outcome is not null)
                {
                    pending.Remove(probe);
                }
                else if (error is not null)
                {
                    lastErrors[probe] = error;
                }
            }

            foreach (var (_, outcome, _) in round)
            {
                if (outcome is not null)
                {
                    await RecordAsync(outcome);
                }
            }

            if (pending.Count == 0 || Stopwatch.GetElapsedTime(started) >= _options.Timeout)
            {
                break;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }

        foreach (var probe in pending)
        {
            var lastError = lastErrors.TryGetValue(probe, out var error) ? $"; the last search failed: {error}" : "";
            await RecordAsync(VerifyCheck.Fail($"searchable {probe.Input}",
                $"{probe.Query} not found within {_options.Timeout.TotalSeconds:0.###} s{lastError}", Stopwatch.GetElapsedTime(probe.SentAt!.Value)));
        }
    }

    /// <summary>Searches once for <paramref name="probe"/>: an outcome when it is found or the console refuses the search, else the error if the search failed.</summary>
    private async Task<(ReceiverProbe Probe, VerifyCheck? Outcome, string? Error)> SearchOnceAsync(ReceiverProbe probe, CancellationToken cancellationToken)
    {
        var name = $"searchable {probe.Input}";
        try
        {
            var result = await _api.SearchAsync(SearchPattern, probe.Query, SearchFrom, 1, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(probe.SentAt!.Value);
            if (result.Total == 0)
            {
                return (probe, null, null);
            }

            var index = result.Hits.Count > 0 ? result.Hits[0].Index : "?";
            return result.Total == 1
                ? (probe, VerifyCheck.Pass(name, $"{probe.Query} found in {index}", elapsed), null)
                : (probe, VerifyCheck.Fail(name, $"{probe.Query} found {result.Total} times, in {index} and more: each probe should be indexed once", elapsed), null);
        }
        catch (HttpRequestException ex) when (ex.StatusCode is { } status && (int)status is >= 400 and < 500 && status != HttpStatusCode.TooManyRequests)
        {
            // The console refused the search itself: asking again will not change its mind.
            return (probe, VerifyCheck.Fail(name, $"the search was refused: {ex.Message}", Stopwatch.GetElapsedTime(probe.SentAt!.Value)), null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (probe, null, Describe(ex));
        }
    }

    private string Describe(IngestStatsResponse stats) =>
        $"GET {_api.BaseAddress}api/ingest/stats: {stats.Inputs.Count} inputs, queue {stats.Queue.Pending} pending of {stats.Queue.Capacity}";

    private async Task WriteStatsAsync(IngestStatsResponse stats)
    {
        var width = Math.Max(12, stats.Inputs.Keys.DefaultIfEmpty("").Max(k => k.Length));
        await WriteAsync($"      {"input".PadRight(width)} {"received",10} {"rejected",10} {"dropped",10}");
        foreach (var (name, input) in stats.Inputs.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            await WriteAsync(string.Create(CultureInfo.InvariantCulture,
                $"      {name.PadRight(width)} {input.Received,10} {input.Rejected,10} {input.Dropped,10}"));
        }
    }

    private async Task<bool> CheckAsync(string name, Func<CancellationToken, Task<string>> check, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        VerifyCheck result;
        try
        {
            result = VerifyCheck.Pass(name, await check(cancellationToken), Stopwatch.GetElapsedTime(started));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Any failure of one check is that check's FAIL line; the others still run.
            result = VerifyCheck.Fail(name, Describe(ex), Stopwatch.GetElapsedTime(started));
        }

        await RecordAsync(result);
        return result.Passed;
    }

    private async Task RecordAsync(VerifyCheck check)
    {
        _checks.Add(check);
        await WriteAsync(check.ToString());
    }

    private async Task WriteAsync(string line)
    {
        await _output.WriteLineAsync(line);
        await _output.FlushAsync();
    }

    private string Describe(Exception ex) => ex switch
    {
        // HttpClient's own timeout.
        TaskCanceledException { InnerException: TimeoutException } => $"no answer within {_options.Timeout.TotalSeconds:0.###} s",
        _ => ex.Message,
    };
}
