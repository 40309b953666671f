using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Console.Benchmarks;

/// <summary>
/// End to end through the real console: events in (one TCP connection of JSON lines, or log files dropped into
/// watched folders) until <c>GET /api/search</c> counts them all. Each phase gets a fresh console and data directory.
/// </summary>
internal sealed class IngestBenchmark(string workRoot, JsonObject shippedPipeline, TimeSpan phaseLimit)
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);

    /// <summary>A total that has not moved for this long will not reach the target: report what arrived instead of waiting out the phase.</summary>
    private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    /// <summary>The NDJSON over one connection, written as fast as the socket takes it (python-logstash-async keeps one connection).</summary>
    public async Task<IngestPhaseResult> RunTcpAsync(ReplicatedCorpus corpus)
    {
        var directory = Directory.CreateDirectory(Path.Combine(workRoot, "tcp")).FullName;
        var pipelineFile = Path.Combine(directory, "pipeline.json");
        BenchPipelineFile.Write(BenchPipelineFile.ForTcp(shippedPipeline), pipelineFile);
        using var console = await ConsoleProcess.StartAsync(Path.Combine(directory, "data"), pipelineFile, jsonLinesTcp: true, StartLimit);
        var rssAtStart = ProcessMemory.CurrentRss(console.Pid);
        using var limit = new CancellationTokenSource(phaseLimit);
        using var client = new TcpClient(AddressFamily.InterNetwork);
        await client.ConnectAsync(IPAddress.Loopback, console.JsonLinesPort, limit.Token);

        System.Console.Error.WriteLine($"tcp: sending {corpus.Events:N0} events ({corpus.RawBytes:N0} bytes) to 127.0.0.1:{console.JsonLinesPort} ...");
        var clock = PhaseClock.Start(console);
        TimeSpan? send = null;
        string? gaveUp = null;
        long written = 0;
        try
        {
            var stream = client.GetStream();
            foreach (var chunk in corpus.Chunks)
            {
                await stream.WriteAsync(chunk.Bytes, limit.Token);
                written += chunk.Bytes.Length;
            }

            send = clock.Elapsed;
            // End of stream, as a sender that is done: the console reads what is buffered, then sees the close.
            client.Client.Shutdown(SocketShutdown.Send);
            System.Console.Error.WriteLine($"tcp: all bytes written in {send.Value.TotalSeconds:F1} s; waiting until searchable ...");
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException)
        {
            gaveUp = limit.IsCancellationRequested
                ? $"gave up: after {phaseLimit.TotalMinutes:F0} min only {written:N0} of {corpus.RawBytes:N0} bytes were written"
                : $"gave up: the connection failed after {written:N0} of {corpus.RawBytes:N0} bytes: {ex.Message}";
        }

        var (searchable, elapsed, stalled) = gaveUp is null
            ? await WaitForTotalAsync(console, corpus.Events, clock, limit.Token)
            : (await TryCountAsync(console, "*") ?? 0, clock.Elapsed, null);
        var expected = new Dictionary<string, long>(StringComparer.Ordinal) { ["tcp-json"] = corpus.Events };
        var source = $"{corpus.Events:N0} JSON lines (django/thebot.json.log replayed {corpus.Copies}×) over one TCP connection";
        return await FinishAsync("tcp", source, corpus.Events, expected, corpus.RawBytes, send, elapsed, searchable, gaveUp ?? stalled, rssAtStart, clock, console);
    }

    /// <summary>
    /// <paramref name="copies"/> copies of each corpus file, staged beforehand and then renamed into the watched
    /// folders all at once, so the clock times reading, parsing and indexing, not copying.
    /// </summary>
    public async Task<IngestPhaseResult> RunFilesAsync(string corpusDirectory, IReadOnlyList<CorpusInputFile> files, int copies)
    {
        var directory = Directory.CreateDirectory(Path.Combine(workRoot, "file")).FullName;
        var staging = Path.Combine(directory, "staging");
        var watched = Path.Combine(directory, "files");
        var pipeline = BenchPipelineFile.ForFiles(shippedPipeline, watched);
        var inputs = BenchPipelineFile.FileInputNames(pipeline);
        foreach (var input in inputs)
        {
            Directory.CreateDirectory(Path.Combine(watched, input));
        }

        var staged = new List<(string From, string To)>();
        foreach (var file in files)
        {
            if (!inputs.Contains(file.Input, StringComparer.Ordinal))
            {
                throw new InvalidDataException($"the shipped pipeline.json has no file input '{file.Input}' for {file.CorpusPath}");
            }

            Directory.CreateDirectory(Path.Combine(staging, file.Input));
        }

        // Copy after copy across the inputs, so every input has work from the first scan on.
        for (var copy = 1; copy <= copies; copy++)
        {
            foreach (var file in files)
            {
                var name = $"copy-{copy:D3}.log";
                var from = Path.Combine(staging, file.Input, name);
                File.Copy(Path.Combine(corpusDirectory, file.CorpusPath), from);
                staged.Add((from, Path.Combine(watched, file.Input, name)));
            }
        }

        var pipelineFile = Path.Combine(directory, "pipeline.json");
        BenchPipelineFile.Write(pipeline, pipelineFile);
        var expectedTotal = files.Sum(f => f.EventsPerCopy) * copies;
        var expected = files.ToDictionary(f => "file:" + f.Input, f => f.EventsPerCopy * copies, StringComparer.Ordinal);
        var rawBytes = files.Sum(f => f.Bytes) * copies;
        using var console = await ConsoleProcess.StartAsync(Path.Combine(directory, "data"), pipelineFile, jsonLinesTcp: false, StartLimit);
        var rssAtStart = ProcessMemory.CurrentRss(console.Pid);
        using var limit = new CancellationTokenSource(phaseLimit);

        System.Console.Error.WriteLine($"file: moving {staged.Count} files ({rawBytes:N0} bytes, {expectedTotal:N0} events expected) into {watched} ...");
        var clock = PhaseClock.Start(console);
        foreach (var (from, to) in staged)
        {
            File.Move(from, to); // a rename on the same file system: each file appears whole
        }

        var (searchable, elapsed, gaveUp) = await WaitForTotalAsync(console, expectedTotal, clock, limit.Token);
        var source = $"{files.Count} corpus files × {copies} copies ({staged.Count} files) through the shipped file inputs and parsers";
        return await FinishAsync("file", source, expectedTotal, expected, rawBytes, null, elapsed, searchable, gaveUp, rssAtStart, clock, console);
    }

    /// <summary>Polls the thebot-logs-* total until it reaches <paramref name="expected"/>; returns the last total, when it was seen, and why it stopped short.</summary>
    private static async Task<(long Total, TimeSpan Elapsed, string? GaveUp)> WaitForTotalAsync(
        ConsoleProcess console, long expected, PhaseClock clock, CancellationToken limit)
    {
        long total = 0;
        var seenAt = clock.Elapsed;
        var changedAt = clock.Elapsed;
        var reportedAt = TimeSpan.Zero;
        while (true)
        {
            if (console.HasExited)
            {
                return (total, seenAt, $"gave up: the console exited with {total:N0} of {expected:N0} searchable:\n{console.RecentOutput}");
            }

            var count = await TryCountAsync(console, "*", limit);
            var now = clock.Elapsed;
            if (count is { } value)
            {
                if (value != total)
                {
                    changedAt = now;
                }

                (total, seenAt) = (value, now);
                if (total >= expected)
                {
                    return (total, seenAt, total > expected ? $"{total - expected:N0} more events than were sent are searchable" : null);
                }
            }

            if (limit.IsCancellationRequested)
            {
                return (total, seenAt, $"gave up after {now.TotalMinutes:F0} min with {total:N0} of {expected:N0} searchable");
            }

            if (now - changedAt > StallLimit)
            {
                return (total, seenAt, $"gave up: the total stayed at {total:N0} of {expected:N0} for {StallLimit.TotalSeconds:F0} s");
            }

            if (now - reportedAt >= ProgressInterval)
            {
                System.Console.Error.WriteLine($"  {now.TotalSeconds,6:F1} s: {total:N0} of {expected:N0} searchable");
                reportedAt = now;
            }

            try
            {
                await Task.Delay(PollInterval, limit);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private static async Task<IngestPhaseResult> FinishAsync(
        string name, string source, long expected, IReadOnlyDictionary<string, long> expectedByInput, long rawBytes, TimeSpan? send,
        TimeSpan elapsed, long searchable, string? gaveUp, long? rssAtStart, PhaseClock clock, ConsoleProcess console)
    {
        // Read with a fresh budget: the phase's own may be spent, and partial figures are still worth reporting.
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        IngestStatsSnapshot stats;
        try
        {
            stats = await ConsoleApi.StatsAsync(console.Api, budget.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or KeyNotFoundException)
        {
            System.Console.Error.WriteLine($"{name}: could not read /api/ingest/stats: {ex.Message}");
            stats = IngestStatsSnapshot.Empty;
        }

        var parseFailures = await TryCountAsync(console, ConsoleApi.ParseFailureQuery, budget.Token);
        var (consoleCpu, benchCpu) = clock.Cpu();
        var allocations = clock.ConsoleAllocations();
        // Just before stopping: VmHWM is the console's peak over its whole life, start-up included.
        var peak = ProcessMemory.PeakRss(console.Pid);
        var atEnd = ProcessMemory.CurrentRss(console.Pid);
        console.Stop();
        var result = new IngestPhaseResult(
            name, source, expected, expectedByInput, rawBytes, send, elapsed, searchable, gaveUp, parseFailures, rssAtStart, peak, atEnd, consoleCpu, benchCpu, stats) { ConsoleAllocations = allocations };
        System.Console.Error.WriteLine($"{name}: {searchable:N0} of {expected:N0} searchable in {elapsed.TotalSeconds:F1} s = {result.EventsPerSecond:N0} events/s" +
                                       (gaveUp is null ? string.Empty : $" ({gaveUp})"));
        return result;
    }

    private static async Task<long?> TryCountAsync(ConsoleProcess console, string query, CancellationToken cancellationToken = default)
    {
        try
        {
            return await ConsoleApi.CountAsync(console.Api, query, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or KeyNotFoundException)
        {
            return null; // busy or between refreshes: the next poll asks again
        }
    }
}
