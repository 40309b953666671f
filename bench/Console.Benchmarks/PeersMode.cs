using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Console.Benchmarks;

/// <summary>
/// <c>--peers</c>: for each size, writes the replicated corpus once as an NDJSON file, then on that same file indexes
/// with the console's store (a child process per processor count, 1 and 2) and with Lucene 8 for Java (1 and 2
/// indexing threads), times the seed's searches and a 24 h histogram on both, and ripgrep's scan for the same words.
/// </summary>
internal static class PeersMode
{
    private static readonly int[] ThreadCounts = [1, 2];

    public static async Task<int> RunAsync(BenchmarkArguments arguments, string repositoryRoot, string corpusFile, string command)
    {
        // The data ends here and the store's clock stands here, as in the default mode.
        var end = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        var window = TimeSpan.FromHours(24);
        var machine = MachineDescription.Current(repositoryRoot);
        var runRoot = Path.Combine(arguments.WorkDirectory ?? Path.GetTempPath(), "console-peers-" + Guid.NewGuid().ToString("N")[..12]);
        string ripgrepVersion;
        LuceneJavaPeer java;
        try
        {
            ripgrepVersion = await RipgrepVersionAsync();
            java = await LuceneJavaPeer.CompileAsync(repositoryRoot, Path.Combine(runRoot, "classes"));
        }
        catch (InvalidOperationException ex)
        {
            System.Console.Error.WriteLine(ex.Message);
            System.Console.Error.WriteLine("needs: apt-get install -y default-jdk-headless liblucene8-java ripgrep");
            return 2;
        }

        var replicator = CorpusReplicator.Load(corpusFile);
        var results = new List<PeerSizeResult>();
        try
        {
            foreach (var size in arguments.Sizes)
            {
                var result = await RunSizeAsync(arguments, replicator, java, Path.Combine(runRoot, size.ToString(CultureInfo.InvariantCulture)), size, end, window);
                results.Add(result);
                await PublishAsync(arguments, repositoryRoot, PeersMarkdownReport.Render(result, machine, command, arguments, java.Version, ripgrepVersion, Path.GetRelativePath(repositoryRoot, corpusFile)));
            }

            if (results.Count > 1)
            {
                await PublishAsync(arguments, repositoryRoot, PeersMarkdownReport.RenderScaling(results, machine, command));
            }
        }
        finally
        {
            if (arguments.Keep)
            {
                System.Console.Error.WriteLine($"Kept the files at {runRoot}");
            }
            else if (Directory.Exists(runRoot))
            {
                Directory.Delete(runRoot, recursive: true);
            }
        }

        return 0;
    }

    private static async Task<PeerSizeResult> RunSizeAsync(
        BenchmarkArguments arguments, CorpusReplicator replicator, LuceneJavaPeer java, string directory, int size, DateTimeOffset end, TimeSpan window)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.GetTimestamp();
        Directory.CreateDirectory(directory);
        var ndjson = Path.Combine(directory, "corpus.ndjson");
        System.Console.Error.WriteLine($"Writing {size:N0} events to {ndjson} ...");
        ReplicatedCorpus? corpus = replicator.Build(size, end, window, arguments.BatchSize);
        await using (var file = File.Create(ndjson))
        {
            foreach (var chunk in corpus.Chunks)
            {
                await file.WriteAsync(chunk.Bytes);
            }
        }

        var queries = SeedQueries.Searches(corpus.SampleRequestId);
        var queriesFile = Path.Combine(directory, "queries.txt");
        await File.WriteAllLinesAsync(queriesFile, queries);
        var (events, rawBytes, templates, copies, from, requestId) = (corpus.Events, corpus.RawBytes, corpus.TemplateLines, corpus.Copies, corpus.From, corpus.SampleRequestId);
        corpus = null; // the children read the file; this process need not hold it
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);

        var loadBefore = MachineDescription.LoadAverage();
        var indexing = new List<PeerIndexingRun>();
        StoreRunResult? consoleQueries = null;
        foreach (var threads in ThreadCounts)
        {
            // The queries run on the index of the last thread count, in the same child, after the store was closed and reopened.
            var withQueries = threads == ThreadCounts[^1];
            var (run, result) = await RunStoreChildAsync(arguments, ndjson, Path.Combine(directory, $"console-{threads}"), threads, withQueries ? queriesFile : null, from, end);
            indexing.Add(run);
            consoleQueries = withQueries ? result : consoleQueries;

            var luceneIndex = Path.Combine(directory, $"lucene-{threads}");
            indexing.Add(await java.IndexAsync(ndjson, luceneIndex, threads));
            if (!withQueries)
            {
                Directory.Delete(luceneIndex, recursive: true);
            }
        }

        System.Console.Error.WriteLine("Lucene-Java searches ...");
        var lastLuceneIndex = Path.Combine(directory, $"lucene-{ThreadCounts[^1]}");
        var (luceneQueries, lucenePeak) = await java.SearchAsync(lastLuceneIndex, queriesFile, from, end, arguments.WarmupRuns, arguments.MeasuredRuns);
        Directory.Delete(lastLuceneIndex, recursive: true);

        System.Console.Error.WriteLine("ripgrep scans ...");
        var ripgrep = new List<PeerQueryTiming>();
        var ripgrepCommands = new List<string>();
        foreach (var query in queries)
        {
            var rgArguments = RipgrepPeer.ArgumentsFor(query, requestId, end);
            ripgrepCommands.Add(RipgrepPeer.Describe(rgArguments));
            ripgrep.Add(await RipgrepPeer.MeasureCountAsync(rgArguments, ndjson, arguments.WarmupRuns, arguments.MeasuredRuns));
            System.Console.Error.WriteLine($"  rg {ripgrepCommands[^1]}: {ripgrep[^1].Hits:N0} lines, p50 {ripgrep[^1].P50:F1} ms, p95 {ripgrep[^1].P95:F1} ms");
        }

        ripgrepCommands.Add(RipgrepPeer.HistogramCommand);
        ripgrep.Add(await RipgrepPeer.MeasureHistogramAsync(ndjson, end, arguments.WarmupRuns, arguments.MeasuredRuns));
        System.Console.Error.WriteLine($"  rg histogram: {ripgrep[^1].Hits:N0} lines, p50 {ripgrep[^1].P50:F1} ms, p95 {ripgrep[^1].P95:F1} ms");

        if (!arguments.Keep)
        {
            File.Delete(ndjson);
        }

        return new PeerSizeResult(
            started,
            Stopwatch.GetElapsedTime(clock),
            events,
            rawBytes,
            templates,
            copies,
            from,
            end,
            queries,
            indexing,
            consoleQueries!.Queries,
            consoleQueries.QueryPeakRssBytes,
            luceneQueries,
            lucenePeak,
            ripgrep,
            ripgrepCommands,
            loadBefore,
            MachineDescription.LoadAverage());
    }

    /// <summary>
    /// Runs this program as <c>--store-child</c> with the store's indexing threads set to <paramref name="threads"/>. The
    /// child sees every processor, as the Lucene-Java peer does: its garbage collector and the store's background work
    /// (buffer writes, merges) use them, as the JVM's collector and Lucene's merge threads do.
    /// </summary>
    private static async Task<(PeerIndexingRun Run, StoreRunResult Result)> RunStoreChildAsync(
        BenchmarkArguments arguments, string ndjson, string dataDirectory, int threads, string? queriesFile, DateTimeOffset from, DateTimeOffset to)
    {
        var resultFile = dataDirectory + ".json";
        var self = Environment.ProcessPath ?? "dotnet";
        var childArguments = new List<string>();
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            childArguments.Add(typeof(PeersMode).Assembly.Location);
        }

        childArguments.AddRange([
            "--store-child", "--ndjson", ndjson, "--data", dataDirectory, "--result", resultFile,
            "--from", from.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), "--to", to.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            "--batch", arguments.BatchSize.ToString(CultureInfo.InvariantCulture),
            "--indexing-threads", threads.ToString(CultureInfo.InvariantCulture),
            "--warmup", arguments.WarmupRuns.ToString(CultureInfo.InvariantCulture), "--runs", arguments.MeasuredRuns.ToString(CultureInfo.InvariantCulture),
        ]);
        if (queriesFile is not null)
        {
            childArguments.AddRange(["--queries", queriesFile]);
        }

        var loadBefore = MachineDescription.OneMinuteLoad();
        var (exit, _) = await ChildProcess.RunAsync(self, childArguments);
        var loadAfter = MachineDescription.OneMinuteLoad();
        if (exit != 0 || !File.Exists(resultFile))
        {
            throw new InvalidOperationException($"the store child ({threads} indexing threads) failed with exit code {exit}");
        }

        var result = JsonSerializer.Deserialize<StoreRunResult>(await File.ReadAllTextAsync(resultFile))
            ?? throw new InvalidOperationException($"{resultFile} is empty");
        Directory.Delete(dataDirectory, recursive: true);
        var run = new PeerIndexingRun("console store", result.IndexingThreads, result.Indexed, result.Seconds, result.EventsPerSecond, result.CommittedBytes, result.ClosedBytes,
            result.PeakRssBytes, loadBefore, loadAfter);
        System.Console.Error.WriteLine($"  console store, {threads} indexing thread(s): {run.EventsPerSecond:N0} events/s");
        return (run, result);
    }

    private static async Task PublishAsync(BenchmarkArguments arguments, string repositoryRoot, string markdown)
    {
        System.Console.Out.Write(markdown);
        if (!arguments.NoAppend)
        {
            await BenchmarksFile.AppendAsync(repositoryRoot, markdown);
        }
    }

    private static async Task<string> RipgrepVersionAsync()
    {
        string? version = null;
        var (exit, _) = await ChildProcess.RunAsync("rg", ["--version"], line => version ??= line);
        return exit == 0 && version is not null ? version : throw new InvalidOperationException("rg --version failed");
    }
}
