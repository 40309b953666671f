using System.Diagnostics;
using System.Globalization;
using System.Text;
using Console.Shared.Storage;
using Console.Shared.Storage.Embedded;
using Console.Web.Discover;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Console.Benchmarks;

/// <summary>
/// <c>--discover-cost</c>: the work of Discover's first search as CPU time and allocated bytes per search, not wall-clock
/// time, so it can be taken on a busy machine: the first page as it was (<see cref="DiscoverSearch.PageSize"/> hits) and as
/// it is (<see cref="DiscoverSearch.FirstPageSize"/>), each with the flattening of its hits for the field sidebar, for the
/// seed searches of <c>--discover</c>. The embedded store searches synchronously on the calling thread, so that thread's
/// allocations are the search's; CPU time is the process's (GC threads included) over the measured runs.
/// </summary>
internal static class DiscoverCostMode
{
    private static readonly (string Name, int Size)[] Sizes = [("before", DiscoverSearch.PageSize), ("now", DiscoverSearch.FirstPageSize)];

    public static async Task<int> RunAsync(BenchmarkArguments arguments, string repositoryRoot, string corpusFile, string command)
    {
        var started = DateTimeOffset.UtcNow;
        var machine = MachineDescription.Current(repositoryRoot);
        var loadBefore = MachineDescription.LoadAverage();
        var workRoot = arguments.WorkDirectory ?? Directory.CreateTempSubdirectory("console-discover-cost-").FullName;
        var dataPath = Path.Combine(workRoot, "data");
        var clock = new FixedTimeProvider(DiscoverPartsMode.End.AddMinutes(1));
        try
        {
            var requestId = await DiscoverPartsMode.PrepareAsync(arguments, corpusFile, workRoot, dataPath, clock);
            using var store = new LuceneLogStore(Options.Create(new StorageOptions { DataPath = dataPath }), clock, NullLogger<LuceneLogStore>.Instance);
            await store.RefreshAsync();
            var search = new DiscoverSearch(store, clock);
            var rows = new List<string>();
            foreach (var text in DiscoverMode.SeedSearches(requestId))
            {
                var query = search.Resolve(DiscoverState.Default with { Index = DiscoverPartsMode.Pattern, Query = text, From = "now-24h", To = "now" });
                var cells = new List<string>();
                long hits = 0;
                foreach (var (_, size) in Sizes)
                {
                    var (cpu, bytes, total) = Measure(arguments, () =>
                    {
                        // Synchronous in the embedded store: the task is complete when it returns.
                        var page = store.SearchAsync(new SearchRequest(query, size)).GetAwaiter().GetResult();
                        DiscoverPartsMode.HitFields(page.Hits);
                        return page.Total;
                    });
                    hits = total;
                    cells.Add(string.Create(CultureInfo.InvariantCulture, $"{cpu:F2} ms, {bytes / 1024.0:N0} KiB"));
                }

                var row = $"| {(text.Length == 0 ? "(empty: every event)" : $"`{text}`")} | {hits:N0} | {string.Join(" | ", cells)} |";
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

    /// <summary>Mean process CPU time and bytes allocated by this thread per call of <paramref name="run"/>, after the warm-up runs.</summary>
    private static (double CpuMillis, double Bytes, long Result) Measure(BenchmarkArguments arguments, Func<long> run)
    {
        long result = 0;
        for (var i = 0; i < arguments.WarmupRuns; i++)
        {
            result = run();
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < arguments.MeasuredRuns; i++)
        {
            result = run();
        }

        var bytes = GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        return (cpu.TotalMilliseconds / arguments.MeasuredRuns, (double)bytes / arguments.MeasuredRuns, result);
    }

    private static string Render(
        DateTimeOffset started, MachineDescription machine, string command, BenchmarkArguments arguments, string loadBefore, string loadAfter, List<string> rows)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## Discover's first search, CPU and allocations: {arguments.Events:N0} events — {started:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        MarkdownReport.Header(text, machine, command, arguments.Note, loadBefore, loadAfter);

        text.AppendLine();
        text.AppendLine("In-process, no browser: the first page of hits of each seed search over the last 24 hours (sorted, exact total, stored " +
                        "documents read and parsed) plus the flattening of those hits for the field sidebar, as CPU time and bytes allocated per " +
                        $"search: *before* with the {DiscoverSearch.PageSize} hits the first search used to load, *now* with the first screen's " +
                        $"{DiscoverSearch.FirstPageSize} (the rest load from the cursor as the view scrolls). Means of {arguments.MeasuredRuns} runs " +
                        $"after {arguments.WarmupRuns} warm-up runs; CPU time is the process's, so it stands on a busy machine where wall-clock time does not.");
        text.AppendLine();
        text.AppendLine("| query | hits | " + string.Join(" | ", Sizes.Select(s => $"{s.Name}: {s.Size} hits")) + " |");
        text.AppendLine("|---|---:|" + string.Concat(Sizes.Select(_ => "---:|")));
        foreach (var row in rows)
        {
            text.AppendLine(row);
        }

        text.AppendLine();
        return text.ToString();
    }
}
