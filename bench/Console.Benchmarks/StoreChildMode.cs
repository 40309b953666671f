using System.Diagnostics;
using System.Text.Json;
using Console.Shared.Events;
using Console.Shared.Storage;
using Console.Shared.Storage.Embedded;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Console.Benchmarks;

/// <summary>
/// The console's side of <c>--peers</c>, in a process of its own so its peak RSS is its own, with the store's indexing
/// threads set by <c>--indexing-threads</c>: indexes the NDJSON file as <see cref="IndexingBenchmark"/>
/// does, closes the store, and with a queries file reopens it and times each query and a 24 h histogram of 1 h buckets.
/// </summary>
internal static class StoreChildMode
{
    private const string Pattern = IndexNames.DefaultBase + "-*";

    public static async Task<int> RunAsync(BenchmarkArguments arguments)
    {
        var ndjson = arguments.NdjsonFile!;
        var dataPath = arguments.DataDirectory!;
        var to = DateTimeOffset.FromUnixTimeMilliseconds(arguments.ToMillis);
        var from = DateTimeOffset.FromUnixTimeMilliseconds(arguments.FromMillis);
        var clock = new FixedTimeProvider(to);
        var storageOptions = Options.Create(new StorageOptions { DataPath = dataPath, IndexingThreads = arguments.IndexingThreads });
        var threads = arguments.IndexingThreads ?? Environment.ProcessorCount;

        IndexingResult indexing;
        long? peak;
        long committed;
        TimeSpan close;
        using (var store = new LuceneLogStore(storageOptions, clock, NullLogger<LuceneLogStore>.Instance))
        {
            System.Console.Error.WriteLine($"  console store, {threads} indexing thread(s) on {Environment.ProcessorCount} processor(s): indexing {ndjson} ...");
            indexing = await IndexingBenchmark.RunAsync(NdjsonFileReader.Read(ndjson, arguments.BatchSize), new LogEventNormalizer(clock), store, IndexNames.DefaultBase);
            System.Console.Error.WriteLine(
                $"  indexing took {indexing.Total.TotalSeconds:F1} s (final commit {indexing.Commit.TotalSeconds:F1} s), CPU {indexing.CpuTime.TotalSeconds:F1} s, " +
                $"GC pauses {indexing.GcPause.TotalSeconds:F1} s in {indexing.Gen0Collections}/{indexing.Gen1Collections}/{indexing.Gen2Collections} gen0/1/2 collections, " +
                $"{indexing.AllocatedBytes / (double)indexing.Indexed:N0} B allocated per event");
            peak = ProcessMemory.PeakRss();
            committed = DirectorySize.Of(dataPath).Bytes;
            var closeStarted = Stopwatch.GetTimestamp();
            store.Dispose();
            close = Stopwatch.GetElapsedTime(closeStarted);
        }

        var closed = DirectorySize.Of(dataPath).Bytes;
        var queries = new List<PeerQueryTiming>();
        long? queryPeak = null;
        if (arguments.QueriesFile is not null)
        {
            using var store = new LuceneLogStore(storageOptions, clock, NullLogger<LuceneLogStore>.Instance);
            await store.RefreshAsync();
            foreach (var text in await File.ReadAllLinesAsync(arguments.QueriesFile))
            {
                // Discover's first page: newest first, 50 hits, over the whole range of the data.
                var request = new SearchRequest(new LogQuery(Pattern, text, from, to), Size: 50, Sort: SortOrder.Descending);
                queries.Add(await MeasureAsync(SeedQueries.NameOf(text), async () => (await store.SearchAsync(request)).Total, arguments));
            }

            var histogram = new HistogramRequest(new LogQuery(Pattern, null, to - TimeSpan.FromHours(24), to), TimeSpan.FromHours(1));
            queries.Add(await MeasureAsync("24 h histogram", async () => (await store.HistogramAsync(histogram)).Total, arguments));
            queryPeak = ProcessMemory.PeakRss();
        }

        var result = new StoreRunResult(
            threads,
            indexing.Indexed,
            indexing.Rejected,
            indexing.Total.TotalSeconds,
            indexing.EventsPerSecond,
            committed,
            closed,
            close.TotalSeconds,
            peak,
            queries,
            queryPeak);
        await File.WriteAllTextAsync(arguments.ResultFile!, JsonSerializer.Serialize(result));
        return 0;
    }

    private static async Task<PeerQueryTiming> MeasureAsync(string name, Func<Task<long>> run, BenchmarkArguments arguments)
    {
        var load = MachineDescription.OneMinuteLoad();
        var timing = await QueryBenchmark.MeasureAsync(name, run, arguments.WarmupRuns, arguments.MeasuredRuns);
        System.Console.Error.WriteLine($"  console {name}: {timing.Hits:N0} hits, p50 {timing.P50:F1} ms, p95 {timing.P95:F1} ms");
        return new PeerQueryTiming(timing.Hits, timing.P50, timing.P95, timing.Max, load);
    }
}
