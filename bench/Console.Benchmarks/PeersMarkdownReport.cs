using System.Text;
using static Console.Benchmarks.MarkdownReport;

namespace Console.Benchmarks;

/// <summary>The <c>--peers</c> sections of BENCHMARKS.md: the console beside Lucene-Java and ripgrep, with the issue's targets.</summary>
internal static class PeersMarkdownReport
{
    private const double IndexingTarget = 0.8;
    private const double QueryP95TargetMillis = 100;
    private const double LuceneLatencyTarget = 1.5;

    /// <summary>The size from which the console must beat the scan (the issue says "at 10 M events").</summary>
    private const int ScanTargetEvents = 10_000_000;

    public static string Render(PeerSizeResult result, MachineDescription machine, string command, BenchmarkArguments arguments, string luceneVersion, string ripgrepVersion, string corpusFile)
    {
        var text = new StringBuilder();
        Line(text, $"## Peers: console store vs Lucene-Java vs ripgrep, {result.Events:N0} events — {result.Started:yyyy-MM-dd HH:mm} UTC");
        Line(text);
        Header(text, machine, command, arguments.Note, result.LoadBefore, result.LoadAfter);
        Line(text, $"- **Peers:** {luceneVersion}, 1 GiB heap; {ripgrepVersion}");
        Line(text, $"- **Data:** `{corpusFile}` ({result.TemplateLines:N0} lines) replayed {result.Copies} times as in the default mode, written once to one NDJSON file " +
                   $"of {Bytes(result.RawBytes)} ({(double)result.RawBytes / result.Events:F0} bytes/event), {result.From:yyyy-MM-dd HH:mm:ss} to {result.To:yyyy-MM-dd HH:mm:ss} UTC; " +
                   $"every engine reads that file. The whole size took {result.Took.TotalMinutes:F1} min.");
        Line(text, "- **Load:** every figure carries the machine's 1-minute load average when it was measured; the machine may be shared " +
                   "with other work, and figures taken at a load above the core count are slower than the engine is.");
        Line(text);

        Line(text, "### Indexing");
        Line(text);
        Line(text, "Both engines read the file in batches of 5,000 lines and parse and normalise them a batch or two ahead of the indexing threads, which " +
                   "build documents and add them to the IndexWriter (64 MB RAM buffer, no compound files); one commit at the end; events/s from the first " +
                   "line to the commit. Console: one task decodes (its JSON decoder keeps ahead of two indexing threads), the store's own `IndexAsync` indexes " +
                   "with threads = its `Storage:IndexingThreads` (one thread per index at a time; the buffer written from a background thread once half full), " +
                   "in a child process that sees both cores, as the JVM does. Lucene-Java: as many parsing threads as indexing threads (its one parser " +
                   "could not feed two), bench/lucene-java with the store's field layout in Lucene 8 types (keyword → StringField + SortedSetDocValues, text → TextField, " +
                   "numbers → points + NumericDocValues, `_source` stored; `@timestamp` → a point + NumericDocValues in Lucene-Java, NumericDocValues only in " +
                   "the console, whose time ranges read the segments' decoded times). Size once closed (merges finished). Peak RSS is the process's VmHWM " +
                   $"(the file is streamed, not held). Target: console ≥ {IndexingTarget}× Lucene-Java at the same thread count.");
        Line(text);
        Line(text, "| engine | threads | events/s | console/Lucene-Java | bytes on disk/raw byte (after commit) | (closed) | peak RSS | load 1 min start → end |");
        Line(text, "|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var run in result.Indexing)
        {
            var ratio = string.Empty;
            if (run.Engine != "Lucene-Java" && result.Indexing.FirstOrDefault(r => r.Engine == "Lucene-Java" && r.Threads == run.Threads) is { } lucene)
            {
                var value = run.EventsPerSecond / lucene.EventsPerSecond;
                ratio = $"{value:F2}× {Verdict(value >= IndexingTarget)}";
            }

            Line(text, $"| {run.Engine} | {run.Threads} | {run.EventsPerSecond:N0} | {ratio} | {(double)run.CommittedBytes / result.RawBytes:F2} | " +
                       $"{(double)run.ClosedBytes / result.RawBytes:F2} | {Bytes(run.PeakRssBytes)} | {run.LoadBefore} → {run.LoadAfter} |");
        }

        Line(text);

        Line(text, "### Search");
        Line(text);
        Line(text, $"{arguments.WarmupRuns} warm-up + {arguments.MeasuredRuns} measured runs each, nearest-rank p50/p95 in ms. Console: `SearchAsync` on the store " +
                   "reopened after the 2-processor run, the 50 newest hits with their _source and the exact total, over the data's whole range. " +
                   "Lucene-Java: the same text through Lucene's classic QueryParser with the console's hooks (keywords lower-cased, point ranges, " +
                   "`now-1h`, regex on the raw message), a time-range filter, `TopFieldCollector` of 51 by `@timestamp`/`_seq` descending with exact " +
                   "totals, _source of the 50 read. 24 h histogram: the console's `HistogramAsync` at 1 h; Lucene-Java a collector bucketing " +
                   "`@timestamp` doc values per hour. ripgrep: one process per run over the file, `-c` counts matching lines (the commands are listed " +
                   "below the table); hits are matching lines, which can differ from events where a word also occurs elsewhere in a line. " +
                   $"Targets: console p95 < {QueryP95TargetMillis:F0} ms and ≤ {LuceneLatencyTarget}× Lucene-Java; faster than rg at {ScanTargetEvents:N0} events" +
                   (result.Events >= ScanTargetEvents ? "." : $" (this run has {result.Events:N0}, so that target is shown for information)."));
        Line(text);
        Line(text, "| query | hits console / Lucene / rg | console p50 / p95 | Lucene-Java p50 / p95 | rg p50 / p95 | p95 console/Lucene | p95 console/rg | load 1 min (console, Lucene, rg) |");
        Line(text, "|---|---:|---:|---:|---:|---:|---:|---|");
        for (var i = 0; i < result.ConsoleQueries.Count; i++)
        {
            var name = i < result.Queries.Count ? SeedQueries.NameOf(result.Queries[i]) : "24 h histogram, 1 h buckets, every event";
            var console = result.ConsoleQueries[i];
            var lucene = result.LuceneQueries[i];
            var ripgrep = result.RipgrepQueries[i];
            var versusLucene = console.P95 / Math.Max(lucene.P95, 0.001);
            var versusScan = console.P95 / Math.Max(ripgrep.P95, 0.001);
            var scanVerdict = result.Events >= ScanTargetEvents ? " " + Verdict(versusScan < 1) : string.Empty;
            Line(text, $"| {Cell(name)} | {console.Hits:N0} / {lucene.Hits:N0} / {ripgrep.Hits:N0} | {console.P50:F1} / {console.P95:F1} {Verdict(console.P95 < QueryP95TargetMillis)} | " +
                       $"{lucene.P50:F1} / {lucene.P95:F1} | {ripgrep.P50:F1} / {ripgrep.P95:F1} | {versusLucene:F2}× {Verdict(versusLucene <= LuceneLatencyTarget)} | " +
                       $"{versusScan:F2}×{scanVerdict} | {console.Load}, {lucene.Load}, {ripgrep.Load} |");
        }

        Line(text);
        Line(text, $"Peak RSS while searching: console {Bytes(result.ConsoleQueryPeakRss)} (the whole child, indexing included), Lucene-Java {Bytes(result.LuceneQueryPeakRss)} (search process).");
        Line(text);
        Line(text, "ripgrep commands, in the order of the table (each followed by the NDJSON file):");
        Line(text);
        foreach (var ripgrep in result.Ripgrep)
        {
            Line(text, $"- `{ripgrep}`");
        }

        Line(text);
        return text.ToString();
    }

    /// <summary>One row per size: how indexing rate, size, memory and the slowest query grow with the data.</summary>
    public static string RenderScaling(IReadOnlyList<PeerSizeResult> results, MachineDescription machine, string command)
    {
        var text = new StringBuilder();
        Line(text, $"## Peers: scaling curve, {string.Join(" / ", results.Select(r => r.Events >= 1_000_000 ? $"{r.Events / 1_000_000.0:0.#} M" : $"{r.Events / 1_000.0:0.#} k"))} events — {results[0].Started:yyyy-MM-dd HH:mm} UTC");
        Line(text);
        Line(text, $"- **Command:** `{command}` (from the repository root); code `{machine.Commit}`; {machine.Cores} cores, {Bytes(machine.TotalMemoryBytes)} RAM; " +
                   "the sections above hold each size's details and load averages (compare them before reading a figure: the machine may be shared).");
        Line(text);
        Line(text, "| events | raw NDJSON | events/s console 1 / 2 thr | events/s Lucene-Java 1 / 2 thr | disk/raw console / Lucene (closed) | peak RSS indexing console / Lucene (2 thr) | slowest search p95 console / Lucene / rg | histogram p95 console / Lucene / rg | load 1 min before → after |");
        Line(text, "|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var result in results)
        {
            PeerIndexingRun Run(string engine, int threads) => result.Indexing.First(r => r.Engine.StartsWith(engine, StringComparison.Ordinal) && r.Threads == threads);
            var searches = result.Queries.Count;
            double Slowest(IReadOnlyList<PeerQueryTiming> timings) => timings.Take(searches).Max(t => t.P95);
            Line(text, $"| {result.Events:N0} | {Bytes(result.RawBytes)} | {Run("console", 1).EventsPerSecond:N0} / {Run("console", 2).EventsPerSecond:N0} | " +
                       $"{Run("Lucene", 1).EventsPerSecond:N0} / {Run("Lucene", 2).EventsPerSecond:N0} | " +
                       $"{(double)Run("console", 2).ClosedBytes / result.RawBytes:F2} / {(double)Run("Lucene", 2).ClosedBytes / result.RawBytes:F2} | " +
                       $"{Bytes(Run("console", 2).PeakRssBytes)} / {Bytes(Run("Lucene", 2).PeakRssBytes)} | " +
                       $"{Slowest(result.ConsoleQueries):F1} / {Slowest(result.LuceneQueries):F1} / {Slowest(result.RipgrepQueries):F1} | " +
                       $"{result.ConsoleQueries[^1].P95:F1} / {result.LuceneQueries[^1].P95:F1} / {result.RipgrepQueries[^1].P95:F1} | " +
                       $"{result.LoadBefore.Split(" / ")[0]} → {result.LoadAfter.Split(" / ")[0]} |");
        }

        Line(text);
        return text.ToString();
    }
}
