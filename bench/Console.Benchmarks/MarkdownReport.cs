using System.Globalization;
using System.Text;

namespace Console.Benchmarks;

/// <summary>Renders a run as a BENCHMARKS.md section: machine, command, and one table per thing measured.</summary>
internal static class MarkdownReport
{
    /// <summary>What the issue asks of the embedded store on the 2-core machine.</summary>
    public const double TargetEventsPerSecond = 50_000;

    public const double TargetP95Millis = 100;

    public const string FileHeader =
        "# Benchmarks\n\n" +
        "Results of the programs under `bench/`, newest last. Each section is appended by the program itself and says\n" +
        "what it ran on and the exact command, so a figure can be reproduced or compared with a later run.\n";

    public static string Render(BenchmarkReport report)
    {
        var text = new StringBuilder();
        var indexing = report.Indexing;
        var corpus = report.Corpus;
        var machine = report.Machine;
        var disk = report.Disk;

        Line(text, $"## Embedded store: {corpus.Events:N0} events — {report.Started:yyyy-MM-dd HH:mm} UTC");
        Line(text);
        Header(text, machine, report.Command, report.Note, report.LoadBefore, report.LoadAfter);
        Line(text, $"- **Data:** `{report.CorpusFile}` ({corpus.TemplateLines:N0} lines) replayed {corpus.Copies} times with request_id/user_id varied per copy " +
                   $"and a `service` field; {corpus.From:yyyy-MM-dd HH:mm:ss} to {corpus.To:yyyy-MM-dd HH:mm:ss} UTC; {Bytes(corpus.RawBytes)} of NDJSON " +
                   $"({(double)corpus.RawBytes / corpus.Events:F0} bytes/event), generated in memory in {report.Generation.TotalSeconds:F1} s (not timed)");
        Line(text);

        Line(text, "### Indexing");
        Line(text);
        Line(text, "Decode with `NdjsonDecoder.ParseLine` + `LogEventNormalizer.Normalize` on one task, a batch or two ahead of " +
                   "`LuceneLogStore.IndexAsync` (as receivers decode while the indexer drains the queue), in batches of " +
                   $"{(corpus.Chunks.Count > 0 ? corpus.Chunks[0].Count : 0):N0}, one `FlushAsync` at the end. Target ≥ {TargetEventsPerSecond:N0} events/s.");
        Line(text);
        Line(text, "| stage | busy time | events/s | share of wall time |");
        Line(text, "|---|---:|---:|---:|");
        Stage(text, "decode (ParseLine + Normalize)", indexing.Decode, indexing);
        Stage(text, "IndexAsync (build documents + IndexWriter)", indexing.Index, indexing);
        Stage(text, "FlushAsync (commit)", indexing.Commit, indexing);
        Line(text, $"| **total** | **{indexing.Total.TotalSeconds:F1} s** | **{indexing.EventsPerSecond:N0}** {Verdict(indexing.EventsPerSecond >= TargetEventsPerSecond)} | 100% |");
        Line(text);
        Line(text, $"Indexed {indexing.Indexed:N0}, rejected {indexing.Rejected:N0}, flagged values {indexing.FlaggedValues:N0}. " +
                   $"Process CPU time {indexing.CpuTime.TotalSeconds:F1} s over {indexing.Total.TotalSeconds:F1} s wall " +
                   $"({indexing.CpuTime / indexing.Total:F2} of {report.Machine.Cores} cores busy, {indexing.CpuTime.TotalMicroseconds / Math.Max(1, indexing.Indexed):F0} µs CPU/event). " +
                   $"Allocated {Bytes(indexing.AllocatedBytes)} ({(double)indexing.AllocatedBytes / Math.Max(1, indexing.Indexed):N0} bytes/event); " +
                   $"GCs gen0/gen1/gen2 {indexing.Gen0Collections}/{indexing.Gen1Collections}/{indexing.Gen2Collections}, pauses {indexing.GcPause.TotalSeconds:F1} s.");
        Line(text);

        Line(text, "### Disk and memory");
        Line(text);
        Line(text, "| measure | value |");
        Line(text, "|---|---:|");
        Line(text, $"| raw NDJSON | {Bytes(corpus.RawBytes)} |");
        Line(text, $"| on disk right after the commit ({disk.FilesAfterCommit} files, {report.Indices.Count} daily indices) | {Bytes(disk.AfterCommit)} |");
        Line(text, $"| **bytes on disk per raw byte** (after the commit) | **{(double)disk.AfterCommit / corpus.RawBytes:F2}** |");
        Line(text, $"| on disk once closed, background merges finished ({disk.FilesAfterClose} files; closing took {disk.Close.TotalSeconds:F1} s) | {Bytes(disk.AfterClose)} |");
        Line(text, $"| bytes on disk per raw byte (closed) | {(double)disk.AfterClose / corpus.RawBytes:F2} |");
        Line(text, $"| bytes on disk per event (closed) | {(double)disk.AfterClose / Math.Max(1, indexing.Indexed):F0} |");
        Line(text, $"| RSS before the store (NDJSON held in memory) | {Bytes(report.Memory.Baseline)} |");
        Line(text, $"| **peak RSS (VmHWM) during indexing**{(report.Memory.PeakWasReset ? string.Empty : " (since process start)")} | **{Bytes(report.Memory.PeakIndexing)}** |");
        Line(text, $"| RSS after indexing | {Bytes(report.Memory.AfterIndexing)} |");
        Line(text, $"| managed heap after indexing | {Bytes(report.Memory.ManagedHeapAfterIndexing)} |");
        Line(text, $"| peak RSS at the end (after queries) | {Bytes(report.Memory.PeakEnd)} |");
        Line(text, $"| RSS after queries | {Bytes(report.Memory.AfterQueries)} |");
        Line(text);
        Line(text, "No forced merge: the store does not expose one, so the size is what the IndexWriter's default merge policy left. " +
                   "Merges run on background threads during indexing, so they compete with it for the cores. " +
                   "Indices: " + string.Join(", ", report.Indices.Select(i => $"`{i.Name}` {i.DocCount:N0} docs {Bytes(i.SizeBytes)}")) + ".");
        Line(text);

        var runs = $"{report.WarmupRuns} warm-up + {report.MeasuredRuns} measured";
        Line(text, "### Queries");
        Line(text);
        Line(text, $"On the store closed and reopened (so no merge left from indexing runs beside them), after one `RefreshAsync` ({report.Refresh.TotalMilliseconds:F0} ms). `SearchAsync` over `thebot-logs-*` and the whole time range, " +
                   $"size 50, newest first; the store's clock is fixed at {report.Now:yyyy-MM-dd HH:mm:ss} UTC (`now`). Latency is measured around the call ({runs} runs). Target p95 < {TargetP95Millis:N0} ms.");
        Line(text);
        Line(text, "| query | hits | p50 ms | p95 ms | max ms |");
        Line(text, "|---|---:|---:|---:|---:|");
        foreach (var query in report.Queries)
        {
            Line(text, $"| {Cell(query.Name)} | {query.Hits:N0} | {query.P50:F1} | {query.P95:F1} {Verdict(query.P95 < TargetP95Millis)} | {query.Max:F1} |");
        }

        Line(text);
        return text.ToString();
    }

    /// <summary>The bullet lines every section starts with: command, code, machine, runtime, load and the run's note.</summary>
    internal static void Header(StringBuilder text, MachineDescription machine, string command, string? note, string loadBefore, string loadAfter)
    {
        Line(text, $"- **Command:** `{command}` (from the repository root)");
        Line(text, $"- **Code:** `{machine.Commit}`");
        Line(text, $"- **Machine:** {machine.Cores} cores ({machine.CpuModel}), {Bytes(machine.TotalMemoryBytes)} RAM, {machine.Os}");
        Line(text, $"- **Runtime:** {machine.Runtime}, {machine.GcMode} GC, Release build");
        Line(text, $"- **Load average (1/5/15 min):** {loadBefore} before, {loadAfter} after");
        if (!string.IsNullOrWhiteSpace(note))
        {
            Line(text, $"- **Note:** {note}");
        }
    }

    private static void Stage(StringBuilder text, string name, TimeSpan time, IndexingResult indexing) =>
        Line(text, $"| {name} | {time.TotalSeconds:F1} s | {indexing.Indexed / time.TotalSeconds:N0} | {time / indexing.Total:P0} |");

    internal static string Verdict(bool met) => met ? "✅" : "❌";

    /// <summary>A query inside a table cell: code-formatted, with the pipe escaped.</summary>
    internal static string Cell(string query) => query.Replace("|", "\\|", StringComparison.Ordinal);

    internal static string Bytes(long? bytes) => bytes switch
    {
        null => "n/a",
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes.Value / (double)(1L << 30):F2} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes.Value / (double)(1L << 20):F1} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes.Value / 1024.0:F1} KiB"),
    };

    internal static void Line(StringBuilder text, string line = "") => text.Append(line).Append('\n');
}
