using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Console.Shared.Events;
using Console.Shared.Storage;
using Console.Shared.Storage.Embedded;
using Console.Web.Discover;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Console.Benchmarks;

/// <summary>
/// <c>--discover-parts</c>: what Discover's first result waits for, part by part, in-process and without a browser: the
/// pattern's fields, the first page of hits (sorted, with the exact total, stored documents read), the fields of the
/// shown hits, and the histogram by level that follows them. A page of one hit and a bare count split the first page
/// into its stored-document reads and its counting. <c>--work DIR</c> keeps the index there and reuses it next time.
/// </summary>
internal static class DiscoverPartsMode
{
    internal const string Pattern = IndexNames.DefaultBase + "-*";
    private const string MarkerFile = "discover-parts.txt";

    // As in --discover: 23 hours of events ending a minute before "now", so "now-24h" covers every one.
    internal static readonly DateTimeOffset End = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromHours(23);

    public static async Task<int> RunAsync(BenchmarkArguments arguments, string repositoryRoot, string corpusFile, string command)
    {
        var started = DateTimeOffset.UtcNow;
        var machine = MachineDescription.Current(repositoryRoot);
        var loadBefore = MachineDescription.LoadAverage();
        var workRoot = arguments.WorkDirectory ?? Directory.CreateTempSubdirectory("console-discover-parts-").FullName;
        var dataPath = Path.Combine(workRoot, "data");
        var clock = new FixedTimeProvider(End.AddMinutes(1));
        try
        {
            var requestId = await PrepareAsync(arguments, corpusFile, workRoot, dataPath, clock);
            using var store = new LuceneLogStore(Options.Create(new StorageOptions { DataPath = dataPath }), clock, NullLogger<LuceneLogStore>.Instance);
            await store.RefreshAsync();
            var search = new DiscoverSearch(store, clock);
            var rows = new List<string>();
            foreach (var text in DiscoverMode.SeedSearches(requestId))
            {
                var state = DiscoverState.Default with { Index = Pattern, Query = text, From = "now-24h", To = "now" };
                var query = search.Resolve(state);
                var parts = new Dictionary<string, List<double>>(StringComparer.Ordinal);
                long hits = 0;
                for (var run = 0; run < arguments.WarmupRuns + arguments.MeasuredRuns; run++)
                {
                    var measured = run >= arguments.WarmupRuns;
                    var fields = await TimeAsync(parts, "fields", measured, () => store.GetFieldsAsync(query.IndexPattern));
                    var page = await TimeAsync(parts, "page", measured, () => store.SearchAsync(new SearchRequest(query, DiscoverSearch.FirstPageSize)));
                    await TimeAsync(parts, "hit fields", measured, () => Task.FromResult(HitFields(page.Hits)));
                    await TimeAsync(parts, "first result", measured, () => search.FirstPageAsync(state, CancellationToken.None));
                    await TimeAsync(parts, "page of 1", measured, () => store.SearchAsync(new SearchRequest(query, 1)));
                    await TimeAsync(parts, "count", measured, () => store.CountAsync(query));
                    await TimeAsync(parts, "histogram by level", measured,
                        () => search.WithHistogramAsync(new DiscoverResult(query, page, [], null, fields), CancellationToken.None));
                    await TimeAsync(parts, "histogram", measured, () => store.HistogramAsync(new HistogramRequest(query)));
                    hits = page.Total;
                }

                var row = $"| {(text.Length == 0 ? "(empty: every event)" : $"`{text}`")} | {hits:N0} | " +
                          string.Join(" | ", Columns.Select(c => Format(parts[c]))) + " |";
                rows.Add(row);
                System.Console.Error.WriteLine(row);
            }

            var markdown = Render(started, machine, command, arguments, loadBefore, MachineDescription.LoadAverage(), rows);
            System.Console.Out.Write(markdown);
            if (!arguments.NoAppend)
            {
                await BenchmarksFile.AppendAsync(repositoryRoot, markdown);
            }

            return 0;
        }
        finally
        {
            if (arguments.WorkDirectory is null)
            {
                Directory.Delete(workRoot, recursive: true);
            }
        }
    }

    private static readonly string[] Columns = ["first result", "fields", "page", "page of 1", "count", "hit fields", "histogram by level", "histogram"];

    /// <summary>Indexes the events unless the work directory already holds them; returns a request_id that occurs in them.</summary>
    internal static async Task<string> PrepareAsync(BenchmarkArguments arguments, string corpusFile, string workRoot, string dataPath, TimeProvider clock)
    {
        var marker = Path.Combine(workRoot, MarkerFile);
        if (File.Exists(marker) && File.ReadAllLines(marker) is [var count, var id] && count == arguments.Events.ToString(CultureInfo.InvariantCulture))
        {
            System.Console.Error.WriteLine($"Reusing the {arguments.Events:N0} events in {dataPath}");
            return id;
        }

        if (Directory.Exists(dataPath))
        {
            Directory.Delete(dataPath, recursive: true);
        }

        System.Console.Error.WriteLine($"Generating and indexing {arguments.Events:N0} events into {dataPath} ...");
        var corpus = CorpusReplicator.Load(corpusFile).Build(arguments.Events, End, Window, arguments.BatchSize);
        using (var store = new LuceneLogStore(Options.Create(new StorageOptions { DataPath = dataPath }), clock, NullLogger<LuceneLogStore>.Instance))
        {
            var indexing = await IndexingBenchmark.RunAsync(corpus.Chunks, new LogEventNormalizer(clock), store, IndexNames.DefaultBase);
            System.Console.Error.WriteLine($"  {indexing.EventsPerSecond:N0} events/s");
        }

        await File.WriteAllLinesAsync(marker, [arguments.Events.ToString(CultureInfo.InvariantCulture), corpus.SampleRequestId]);
        return corpus.SampleRequestId;
    }

    /// <summary>What the page does with the shown hits before rendering them: the names of the fields they hold.</summary>
    internal static int HitFields(IReadOnlyList<SearchHit> hits)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        var flat = new List<KeyValuePair<string, JsonValue>>();
        foreach (var hit in hits)
        {
            flat.Clear();
            EventFlattener.Flatten(hit.Source, flat);
            foreach (var (name, _) in flat)
            {
                present.Add(name);
            }
        }

        return present.Count;
    }

    private static async Task<T> TimeAsync<T>(Dictionary<string, List<double>> parts, string part, bool measured, Func<Task<T>> run)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await run();
        if (measured)
        {
            (parts.TryGetValue(part, out var list) ? list : parts[part] = []).Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return result;
    }

    private static string Format(List<double> millis)
    {
        millis.Sort();
        return string.Create(CultureInfo.InvariantCulture, $"{Percentile(millis, 0.50):F1} / {Percentile(millis, 0.95):F1}");
    }

    private static double Percentile(List<double> sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string Render(
        DateTimeOffset started, MachineDescription machine, string command, BenchmarkArguments arguments, string loadBefore, string loadAfter, List<string> rows)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## Discover's first result, part by part: {arguments.Events:N0} events — {started:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        MarkdownReport.Header(text, machine, command, arguments.Note, loadBefore, loadAfter);

        text.AppendLine();
        text.AppendLine("In-process, on the store Discover uses (`DiscoverSearch`), over the last 24 hours, no browser and no circuit. " +
                        "*first result* is what the page awaits before it renders (`FirstPageAsync`: fields + page); *page* is the first page of " +
                        $"{DiscoverSearch.FirstPageSize} hits with the exact total, *page of 1* the same with one stored document read, *count* the total alone, " +
                        "*hit fields* the flattening of the shown hits for the sidebar, *histogram by level* the stacked histogram counted after the hits " +
                        "are shown (on another core while they render), *histogram* the plain `HistogramAsync`. " +
                        $"{arguments.WarmupRuns} warm-up + {arguments.MeasuredRuns} measured runs, nearest-rank p50 / p95 in ms.");
        text.AppendLine();
        text.AppendLine("| query | hits | " + string.Join(" | ", Columns) + " |");
        text.AppendLine("|---|---:|" + string.Concat(Columns.Select(_ => "---:|")));
        foreach (var row in rows)
        {
            text.AppendLine(row);
        }

        text.AppendLine();
        return text.ToString();
    }
}
