// Benchmarks run by hand from the repository root; each appends a section to BENCHMARKS.md.
// Default: indexes corpus-like events into the embedded store in-process and times the seed's example queries over them:
//   dotnet run -c Release --project bench/Console.Benchmarks -- --events 1000000
// --discover: Discover in Chromium over N events, from Search to the first result on screen:
//   dotnet run -c Release --project bench/Console.Benchmarks -- --discover --events 1000000 --runs 15
// --discover-parts: the server-side parts of Discover's first result (fields, first page, hit fields, histogram), in-process:
//   dotnet run -c Release --project bench/Console.Benchmarks -- --discover-parts --events 1000000 --work /tmp/discover-parts
// --discover-cost: CPU time and allocations of Discover's first search at the old and the new first-page size:
//   dotnet run -c Release --project bench/Console.Benchmarks -- --discover-cost --events 1000000 --work /tmp/discover-parts
// --peers: the store beside Lucene 8 for Java (bench/lucene-java) and ripgrep on one NDJSON file, at 1 and 2 threads, per size:
//   dotnet run -c Release --project bench/Console.Benchmarks -- --peers --sizes 1000000,3000000
// --parse: the file path's own cost per shipped file input (tailer, multi-line, parser, normaliser), in-process:
//   dotnet run -c Release --project bench/Console.Benchmarks -- --parse --warmup 3 --runs 10
// --ingest: end to end through the real console as a child process, JSON lines over TCP and log files, until searchable:
//   dotnet run -c Release --project bench/Console.Benchmarks -- --ingest --events 1000000
using System.Diagnostics;
using System.Globalization;
using Console.Benchmarks;
using Console.Ingest.Decoding;
using Console.Shared.Events;
using Console.Shared.Storage;
using Console.Shared.Storage.Embedded;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

BenchmarkArguments arguments;
try
{
    arguments = BenchmarkArguments.Parse(args);
}
catch (ArgumentException ex)
{
    System.Console.Error.WriteLine(ex.Message);
    System.Console.Error.WriteLine(BenchmarkArguments.Usage);
    return 2;
}

if (arguments.StoreChild)
{
    return await StoreChildMode.RunAsync(arguments);
}

// The data ends here and the store's clock stands here, so "now-1h" is the data's last hour. Two UTC days, two daily indices.
var end = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
var window = TimeSpan.FromHours(24);
const string IndexBase = IndexNames.DefaultBase;
const string Pattern = IndexNames.DefaultBase + "-*";

var started = DateTimeOffset.UtcNow;
var repositoryRoot = RepositoryRoot.Find();
var corpusDirectory = arguments.CorpusDirectory ?? Path.GetFullPath(Path.Combine(repositoryRoot, "..", "shared", "corpus"));
var corpusFile = Path.Combine(corpusDirectory, "django", "thebot.json.log");
if (!File.Exists(corpusFile))
{
    System.Console.Error.WriteLine($"corpus file {corpusFile} not found; pass --corpus DIR (the directory holding django/thebot.json.log)");
    return 2;
}

var command = "dotnet run -c Release --project bench/Console.Benchmarks -- " + string.Join(' ', arguments.Raw.Select(Quote));
if (arguments.Tail)
{
    return await TailMode.RunAsync(arguments, repositoryRoot, command);
}

if (arguments.Peers)
{
    return await PeersMode.RunAsync(arguments, repositoryRoot, corpusFile, command);
}

if (arguments.Discover)
{
    return await DiscoverMode.RunAsync(arguments, repositoryRoot, corpusFile, command);
}

if (arguments.DiscoverCost)
{
    return await DiscoverCostMode.RunAsync(arguments, repositoryRoot, corpusFile, command);
}

if (arguments.DiscoverParts)
{
    return await DiscoverPartsMode.RunAsync(arguments, repositoryRoot, corpusFile, command);
}

if (arguments.ParseCost)
{
    return await ParseMode.RunAsync(arguments, repositoryRoot, corpusDirectory, command);
}

if (arguments.Ingest)
{
    return await IngestMode.RunAsync(arguments, repositoryRoot, corpusDirectory, command);
}

var machine = MachineDescription.Current(repositoryRoot);
var loadBefore = MachineDescription.LoadAverage();
System.Console.Error.WriteLine($"Generating {arguments.Events:N0} events from {corpusFile} ...");
var generationStarted = Stopwatch.GetTimestamp();
var corpus = CorpusReplicator.Load(corpusFile).Build(arguments.Events, end, window, arguments.BatchSize);
var generation = Stopwatch.GetElapsedTime(generationStarted);
System.Console.Error.WriteLine($"  {corpus.Events:N0} lines, {corpus.RawBytes:N0} bytes in {generation.TotalSeconds:F1} s");

GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
GC.WaitForPendingFinalizers();
var baselineRss = ProcessMemory.CurrentRss();
var peakWasReset = ProcessMemory.ResetPeak();

var dataPath = Path.Combine(Path.GetTempPath(), "console-bench-" + Guid.NewGuid().ToString("N")[..12]);
var clock = new FixedTimeProvider(end);
var storageOptions = Options.Create(new StorageOptions { DataPath = dataPath });
if (arguments.RamBufferMegabytes is { } ramBuffer)
{
    storageOptions.Value.RamBufferMegabytes = ramBuffer;
}
var normalizer = new LogEventNormalizer(clock);
BenchmarkReport report;
try
{
    IndexingResult indexing;
    IReadOnlyList<IndexInfo> indices;
    long? peakIndexing, afterIndexing;
    long managedHeap, diskBytes;
    int diskFiles;
    TimeSpan close;
    using (var store = new LuceneLogStore(storageOptions, clock, NullLogger<LuceneLogStore>.Instance))
    {
        System.Console.Error.WriteLine($"Indexing into {dataPath} ...");
        indexing = await IndexingBenchmark.RunAsync(corpus.Chunks, normalizer, store, IndexBase);
        peakIndexing = ProcessMemory.PeakRss();
        afterIndexing = ProcessMemory.CurrentRss();
        managedHeap = GC.GetTotalMemory(forceFullCollection: false);
        (diskBytes, diskFiles) = DirectorySize.Of(dataPath);
        indices = await store.ListIndicesAsync(Pattern);
        System.Console.Error.WriteLine($"  {indexing.EventsPerSecond:N0} events/s; {diskBytes:N0} bytes on disk");

        // Closing waits for the merges still running in the background and commits: the size the index settles at.
        var closeStarted = Stopwatch.GetTimestamp();
        store.Dispose();
        close = Stopwatch.GetElapsedTime(closeStarted);
    }

    var (settledBytes, settledFiles) = DirectorySize.Of(dataPath);

    // Queries run on the store reopened, so no merge left over from indexing competes with them and runs compare.
    using (var store = new LuceneLogStore(storageOptions, clock, NullLogger<LuceneLogStore>.Instance))
    {
        var refreshStarted = Stopwatch.GetTimestamp();
        await store.RefreshAsync();
        var refresh = Stopwatch.GetElapsedTime(refreshStarted);

        System.Console.Error.WriteLine("Querying ...");
        var queries = await SeedQueries.MeasureAsync(store, Pattern, corpus.From, end, corpus.SampleRequestId, arguments.WarmupRuns, arguments.MeasuredRuns);

        var memory = new MemoryReadings(baselineRss, peakIndexing, afterIndexing, ProcessMemory.PeakRss(), ProcessMemory.CurrentRss(), peakWasReset, managedHeap);
        report = new BenchmarkReport(
            started,
            end,
            machine,
            command,
            arguments.Note,
            loadBefore,
            MachineDescription.LoadAverage(),
            Path.GetRelativePath(repositoryRoot, corpusFile),
            corpus,
            generation,
            indexing,
            new DiskUsage(diskBytes, diskFiles, settledBytes, settledFiles, close),
            indices,
            memory,
            refresh,
            arguments.WarmupRuns,
            arguments.MeasuredRuns,
            queries);
    }
}
finally
{
    if (arguments.Keep)
    {
        System.Console.Error.WriteLine($"Kept the index at {dataPath}");
    }
    else if (Directory.Exists(dataPath))
    {
        Directory.Delete(dataPath, recursive: true);
    }
}

var markdown = MarkdownReport.Render(report);
System.Console.Out.Write(markdown);
if (!arguments.NoAppend)
{
    await BenchmarksFile.AppendAsync(repositoryRoot, markdown);
}

return 0;

static string Quote(string arg) => arg.Length > 0 && !arg.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '$' or '\\') ? arg : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
