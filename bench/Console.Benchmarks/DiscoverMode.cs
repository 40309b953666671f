using System.Diagnostics;
using System.Globalization;
using System.Text;
using Console.Shared.Events;
using Console.Shared.Storage;
using Console.Shared.Storage.Embedded;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace Console.Benchmarks;

/// <summary>
/// <c>--discover</c>: how long Discover takes to show its first result over <c>--events</c> events. The events are
/// indexed in-process into a fresh data directory ending now (so Discover's "Last 24 hours" covers them all), then the
/// real console starts on that directory as a child process and one Chromium page (Debian's chromium) runs the seed
/// queries as a user does: type the query, press Search, wait until the hit count and the first rows are on screen.
/// A cold open of a shared link (a new page, the circuit included) is timed too.
/// </summary>
internal static class DiscoverMode
{
    private const string Chromium = "/usr/bin/chromium";
    private const int ColdLoads = 5;
    private const string Alternate = "log_level:WARNING";
    // Inside "Last 24 hours" with room to spare, so Discover counts every event.
    private static readonly TimeSpan Window = TimeSpan.FromHours(23);

    // Types the query, presses Search and resolves with the milliseconds until a new result (a higher data-search) is
    // in the DOM with its first row, or the "no hits" line. Runs inside the page, so no Playwright round trip is timed.
    private const string TimedSearch = """
        async ([query, timeoutMs]) => {
          const count = () => document.querySelector('[data-testid=hit-count]');
          const before = count() ? Number(count().dataset.search) : 0;
          const input = document.querySelector('input[data-testid=query]');
          input.value = query;
          input.dispatchEvent(new Event('input', { bubbles: true }));
          const started = performance.now();
          document.querySelector('[data-testid=search]').click();
          return await new Promise((resolve, reject) => {
            const done = () => {
              const c = count();
              const shown = document.querySelector('[data-testid=document]') || document.querySelector('[data-testid=no-hits]');
              if (c && Number(c.dataset.search) > before && shown) {
                observer.disconnect();
                resolve(performance.now() - started);
              }
            };
            const observer = new MutationObserver(done);
            observer.observe(document.body, { childList: true, subtree: true, attributes: true });
            setTimeout(() => { observer.disconnect(); reject(new Error('no result within ' + timeoutMs + ' ms for ' + query)); }, timeoutMs);
          });
        }
        """;

    // Installed before the page's own scripts: notes when the first row appears, in ms since the navigation started.
    private const string FirstRowWatch = """
        (() => {
          const watch = () => new MutationObserver((_, observer) => {
            if (document.querySelector('[data-testid=document]')) { window.__firstRow = performance.now(); observer.disconnect(); }
          }).observe(document.documentElement, { childList: true, subtree: true });
          if (document.documentElement) { watch(); } else { document.addEventListener('DOMContentLoaded', watch); }
        })();
        """;

    public static async Task<int> RunAsync(BenchmarkArguments arguments, string repositoryRoot, string corpusFile, string command)
    {
        if (!File.Exists(Chromium))
        {
            System.Console.Error.WriteLine($"{Chromium} is missing: apt-get install -y chromium (./test.sh does)");
            return 2;
        }

        var started = DateTimeOffset.UtcNow;
        var machine = MachineDescription.Current(repositoryRoot);
        var loadBefore = MachineDescription.LoadAverage();
        var workRoot = Directory.CreateTempSubdirectory("console-discover-bench-").FullName;
        var dataPath = Path.Combine(workRoot, "data");
        try
        {
            // The newest event a minute ago: the console's own clock decides what "now-24h" means.
            var end = DateTimeOffset.UtcNow.AddMinutes(-1);
            System.Console.Error.WriteLine($"Generating {arguments.Events:N0} events ending {end:u} ...");
            var corpus = CorpusReplicator.Load(corpusFile).Build(arguments.Events, end, Window, arguments.BatchSize);
            using (var store = new LuceneLogStore(Options.Create(new StorageOptions { DataPath = dataPath }), TimeProvider.System, NullLogger<LuceneLogStore>.Instance))
            {
                System.Console.Error.WriteLine($"Indexing into {dataPath} ...");
                var indexing = await IndexingBenchmark.RunAsync(corpus.Chunks, new LogEventNormalizer(TimeProvider.System), store, IndexNames.DefaultBase);
                System.Console.Error.WriteLine($"  {indexing.EventsPerSecond:N0} events/s");
            }

            var pipelineFile = Path.Combine(workRoot, "pipeline.json");
            BenchPipelineFile.Write(BenchPipelineFile.LoadShipped(Path.Combine(repositoryRoot, "src", "Console.Web", "pipeline.json")), pipelineFile);

            // Development, because only then does a build (not a publish) serve the static web assets the pages need.
            using var console = await ConsoleProcess.StartAsync(dataPath, pipelineFile, jsonLinesTcp: false, TimeSpan.FromSeconds(120), "Development");
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = console.BaseAddress.ToString(), ViewportSize = new() { Width = 1600, Height = 1000 } });

            var searches = SeedSearches(corpus.SampleRequestId);
            var page = await context.NewPageAsync();
            await page.GotoAsync(DiscoverUrl(""));
            await page.GetByTestId("hit-count").WaitForAsync(new() { Timeout = 120_000 });
            var total = await page.GetByTestId("hit-count").GetAttributeAsync("data-total");
            System.Console.Error.WriteLine($"Discover shows {total} events over the last 24 hours; timing {searches.Count} searches ...");

            // The first paint is prerendered: a click before the circuit is up goes nowhere, so the first search is retried.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await SearchAsync(page, Alternate, TimeSpan.FromSeconds(5));
                    break;
                }
                catch (PlaywrightException) when (attempt < 10)
                {
                }
            }

            var rows = new List<DiscoverTiming>();
            foreach (var query in searches)
            {
                var timings = new List<double>();
                for (var run = 0; run < arguments.WarmupRuns + arguments.MeasuredRuns; run++)
                {
                    // Another query first, so every timed run is a real search and not a repeat of what is shown.
                    await SearchAsync(page, Alternate, TimeSpan.FromSeconds(60));
                    var elapsed = await SearchAsync(page, query, TimeSpan.FromSeconds(60));
                    if (run >= arguments.WarmupRuns)
                    {
                        timings.Add(elapsed);
                    }
                }

                var hits = long.Parse(await page.GetByTestId("hit-count").GetAttributeAsync("data-total") ?? "0", CultureInfo.InvariantCulture);
                timings.Sort();
                rows.Add(new DiscoverTiming(Label(query), hits, Percentile(timings, 0.50), Percentile(timings, 0.95), timings.Count));
                System.Console.Error.WriteLine($"  {rows[^1].Query}: {hits:N0} hits, p50 {rows[^1].P50:F0} ms, p95 {rows[^1].P95:F0} ms");
            }

            var cold = new List<double>();
            for (var i = 0; i < ColdLoads; i++)
            {
                var fresh = await context.NewPageAsync();
                await fresh.AddInitScriptAsync(FirstRowWatch);
                await fresh.GotoAsync(DiscoverUrl("log_level:ERROR"));
                await fresh.GetByTestId("document").First.WaitForAsync(new() { Timeout = 60_000 });
                cold.Add(await fresh.EvaluateAsync<double>("() => window.__firstRow"));
                await fresh.CloseAsync();
            }

            console.Stop();
            var markdown = Render(started, machine, command, arguments.Note, loadBefore, MachineDescription.LoadAverage(), corpus.Events, total, arguments, rows, cold);
            System.Console.Out.Write(markdown);
            if (!arguments.NoAppend)
            {
                await BenchmarksFile.AppendAsync(repositoryRoot, markdown);
            }

            return 0;
        }
        finally
        {
            Directory.Delete(workRoot, recursive: true);
        }
    }

    /// <summary>The seed's example searches, as in the store benchmark, with the empty query (Discover's default view) first.</summary>
    internal static List<string> SeedSearches(string requestId) =>
    [
        "",
        "message:\"error\"",
        "log_level:ERROR",
        "service:django-backend",
        "user_id:123",
        $"request_id:\"{requestId}\"",
        "duration_ms:[100 TO 500]",
        "message:/Internal Server Error.*/",
        "(log_level:ERROR OR log_level:CRITICAL) AND service:django-backend",
    ];

    private static string DiscoverUrl(string query) =>
        "/discover?index=thebot-logs-*&from=now-24h&to=now&q=" + Uri.EscapeDataString(query);

    /// <summary>Milliseconds from pressing Search to the new result on screen.</summary>
    private static async Task<double> SearchAsync(IPage page, string query, TimeSpan timeout)
    {
        var elapsed = await page.EvaluateAsync<double>(TimedSearch, new object[] { query, timeout.TotalMilliseconds });

        // The histogram is counted after the hits are shown; the next search waits for it, as a user reading the result would.
        await page.Locator("[data-testid=histogram-loading]").WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = (float)timeout.TotalMilliseconds });
        return elapsed;
    }

    private static string Label(string query) => query.Length == 0 ? "(empty: every event)" : $"`{query}`";

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static string Render(DateTimeOffset started, MachineDescription machine, string command, string? note, string loadBefore, string loadAfter,
        long events, string? shown, BenchmarkArguments arguments, List<DiscoverTiming> rows, List<double> cold)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## Discover's first result: {events:N0} events — {started:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- **Command:** `{command}` (from the repository root)");
        text.AppendLine(CultureInfo.InvariantCulture, $"- **Code:** `{machine.Commit}`");
        text.AppendLine(CultureInfo.InvariantCulture, $"- **Machine:** {machine.Cores} cores ({machine.CpuModel}), {machine.Os}; Chromium {Chromium}, headless, on the same cores");
        text.AppendLine(CultureInfo.InvariantCulture, $"- **Load average (1/5/15 min):** {loadBefore} before, {loadAfter} after");
        if (!string.IsNullOrWhiteSpace(note))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- **Note:** {note}");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{events:N0} corpus-like events over 23 hours in `thebot-logs-*` (Discover counted {shown}), served by the console as a child process. ");
        text.AppendLine(
            "Each time runs in the page from pressing Search until the new hit count and the first row are in the DOM: the circuit's round trip, " +
            "the search, the field list and the render; the histogram, counted after the hits are shown, is finished before the next search starts.");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{arguments.MeasuredRuns} measured runs per query after {arguments.WarmupRuns} warm-up runs, each after a search for `{Alternate}` so it is a real search.");
        text.AppendLine();
        text.AppendLine("| query (Last 24 hours) | hits | p50 ms | p95 ms |");
        text.AppendLine("|---|---:|---:|---:|");
        foreach (var row in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Query} | {row.Hits:N0} | {row.P50:F0} | **{row.P95:F0}** {(row.P95 < 300 ? "✅" : "❌")} |");
        }

        cold.Sort();
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Opening a shared link (`log_level:ERROR`, last 24 hours) in a new page, from navigation to the first row, page load and circuit start included: median {Percentile(cold, 0.5):F0} ms, worst {cold[^1]:F0} ms of {cold.Count}.");
        text.AppendLine();
        text.AppendLine("Target: Discover's first result on 1 M events < 300 ms.");
        return text.ToString();
    }
}
