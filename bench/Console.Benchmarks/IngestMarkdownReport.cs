using System.Text;
using static Console.Benchmarks.MarkdownReport;

namespace Console.Benchmarks;

/// <summary>Renders an <c>--ingest</c> run as a BENCHMARKS.md section, in the same style as the store's.</summary>
internal static class IngestMarkdownReport
{
    /// <summary>What the issue asks of ingest end to end on the 2-core machine.</summary>
    public const double TargetEventsPerSecond = 50_000;

    /// <summary>Latest rejection reasons shown per input when there are any.</summary>
    private const int ShownRejections = 3;

    public static string Render(IngestReport report)
    {
        var text = new StringBuilder();
        var phases = report.Phases;
        var events = phases.Count > 0 ? phases.Max(p => p.Expected) : 0;
        Line(text, $"## Ingest end to end: {events:N0} events over TCP and from files — {report.Started:yyyy-MM-dd HH:mm} UTC");
        Line(text);
        Header(text, report.Machine, report.Command, report.Note, report.LoadBefore, report.LoadAfter);
        Line(text, $"- **Console:** the build's `Console.Web.dll` as a child process ({report.ConsoleGc} GC), a fresh data directory per phase, " +
                   "the shipped `src/Console.Web/pipeline.json` with only its sources changed, host metrics off, `ENVIRONMENT` unset (no DEBUG drop), " +
                   "other settings as shipped in appsettings.json");
        Line(text, $"- **Data:** `{report.CorpusDirectory}`; the TCP NDJSON generated in memory in {report.Generation.TotalSeconds:F1} s (not timed)");
        Line(text);
        Line(text, $"Timed from the first byte sent (tcp) or the first file renamed into the watched folders (file) to the first `GET /api/search?index={ConsoleApi.LogsPattern}&q=*` " +
                   "(polled every 250 ms) whose total is every event; the search sees what the indexer committed and the store refreshed. " +
                   $"Target ≥ {TargetEventsPerSecond:N0} events/s with parse failures, failed, dropped and rejected events all 0. " +
                   "The benchmark runs on the same cores as the console (its CPU is shown). Console CPU and allocations span the same time, " +
                   "per searchable event; allocations come from a startup hook the bench loads into the console (`Console.Benchmarks.AllocationProbe`).");
        Line(text);
        Line(text, "| phase | events | raw | accepted (last byte written) | **all searchable** | **events/s** | console CPU | **console CPU/event** | **console allocated/event** (GCs 0/1/2) | bench CPU | RSS at start | **peak RSS** | RSS at end | failures & drops 0 |");
        Line(text, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|");
        foreach (var phase in phases)
        {
            var accepted = phase.Send is { } send ? $"{send.TotalSeconds:F1} s ({phase.Expected / Math.Max(send.TotalSeconds, 1e-9):N0}/s)" : "—";
            var cpu = phase.ConsoleCpu is { } c ? $"{c.TotalSeconds:F1} s ({c / phase.ToSearchable:F2} cores)" : "n/a";
            var cpuPerEvent = phase.ConsoleCpu is { } u && phase.Searchable > 0 ? $"**{u.TotalMicroseconds / phase.Searchable:F0} µs**" : "n/a";
            var allocated = phase.ConsoleAllocations is { } a && phase.Searchable > 0
                ? $"**{(double)a.AllocatedBytes / phase.Searchable:N0} B** ({a.Gen0}/{a.Gen1}/{a.Gen2})"
                : "n/a";
            Line(text, $"| {phase.Name} | {phase.Searchable:N0} of {phase.Expected:N0} | {Bytes(phase.RawBytes)} | {accepted} | " +
                       $"**{phase.ToSearchable.TotalSeconds:F1} s**{(phase.Complete ? string.Empty : " (partial)")} | " +
                       $"**{phase.EventsPerSecond:N0}** {Verdict(phase.Complete && phase.EventsPerSecond >= TargetEventsPerSecond)} | {cpu} | {cpuPerEvent} | {allocated} | {phase.BenchCpu.TotalSeconds:F1} s | " +
                       $"{Bytes(phase.RssAtStart)} | **{Bytes(phase.PeakRss)}** | {Bytes(phase.RssAtEnd)} | {Verdict(phase.Clean)} |");
        }

        Line(text);
        foreach (var phase in phases)
        {
            Phase(text, phase);
        }

        return text.ToString();
    }

    private static void Phase(StringBuilder text, IngestPhaseResult phase)
    {
        Line(text, $"### {phase.Name}: {phase.Source}");
        Line(text);
        if (phase.GaveUp is not null)
        {
            Line(text, $"**{phase.GaveUp.ReplaceLineEndings(" ")}** — the figures below are as far as the phase got.");
            Line(text);
        }

        Line(text, $"Parse failures (`{ConsoleApi.ParseFailureQuery}` in {ConsoleApi.LogsPattern}): " +
                   $"{(phase.ParseFailures is { } f ? f.ToString("N0") : "n/a (search failed)")} {Verdict(phase.ParseFailures == 0)}. " +
                   $"Queue pending at the end: {phase.Stats.QueuePending:N0}. Peak RSS is VmHWM read just before the console was stopped (its whole life, start-up included).");
        Line(text);
        Line(text, "| input | expected | received | parsed | queued | failed | dropped | rejected |");
        Line(text, "|---|---:|---:|---:|---:|---:|---:|---:|");
        // Inputs that are listening but saw nothing (syslog, ...) would only clutter the table.
        var busy = phase.Stats.Inputs.Where(i => i.Received + i.Failed + i.Dropped + i.Rejected > 0).Select(i => i.Name);
        var names = phase.ExpectedByInput.Keys.Union(busy, StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var input = phase.Stats.Inputs.FirstOrDefault(i => i.Name == name);
            var expected = phase.ExpectedByInput.TryGetValue(name, out var e) ? e.ToString("N0") : "—";
            Line(text, input is null
                ? $"| `{name}` | {expected} | not reported | | | | | |"
                : $"| `{name}` | {expected} | {input.Received:N0} | {input.Parsed:N0} | {input.Queued:N0} | {Zero(input.Failed)} | {Zero(input.Dropped)} | {Zero(input.Rejected)} |");
        }

        Line(text);
        if (phase.Stats.Stages.Count > 0)
        {
            // Each stage keeps only one or two of the counters; `index` also counts the copies routed to thebot-errors-*.
            Line(text, "Stages (non-zero counters; `index` includes the ERROR/CRITICAL copies in thebot-errors-*): " +
                       string.Join("; ", phase.Stats.Stages.Select(StageCounters)) + ".");
            Line(text);
        }

        foreach (var input in phase.Stats.Inputs.Concat(phase.Stats.Stages).Where(c => c.RecentRejections.Count > 0))
        {
            Line(text, $"Latest rejections of `{input.Name}`: " + string.Join("; ", input.RecentRejections.Take(ShownRejections).Select(r => $"`{r.ReplaceLineEndings(" ")}`")) + ".");
            Line(text);
        }
    }

    private static string StageCounters(ComponentCounts stage)
    {
        var counters = new (string Name, long Value)[]
        {
            ("received", stage.Received), ("parsed", stage.Parsed), ("queued", stage.Queued), ("indexed", stage.Indexed ?? 0),
            ("failed", stage.Failed), ("dropped", stage.Dropped), ("rejected", stage.Rejected),
        }.Where(c => c.Value != 0).Select(c => $"{c.Name} {c.Value:N0}{(c.Name is "failed" or "dropped" or "rejected" ? " ❌" : string.Empty)}").ToList();
        return $"`{stage.Name}` " + (counters.Count == 0 ? "all 0" : string.Join(", ", counters));
    }

    /// <summary>A count that should be zero, with its verdict.</summary>
    private static string Zero(long count) => count == 0 ? "0" : $"{count:N0} ❌";
}
