using System.Diagnostics;
using System.Text.Json;

namespace Console.Benchmarks;

/// <summary><c>--ingest</c>: the tcp and file phases of <see cref="IngestBenchmark"/>, reported to stdout and BENCHMARKS.md.</summary>
internal static class IngestMode
{
    /// <summary>A phase that takes longer gives up and reports how far it got.</summary>
    private static readonly TimeSpan PhaseLimit = TimeSpan.FromMinutes(10);

    public static async Task<int> RunAsync(BenchmarkArguments arguments, string repositoryRoot, string corpusDirectory, string command)
    {
        var started = DateTimeOffset.UtcNow;
        var machine = MachineDescription.Current(repositoryRoot);
        var loadBefore = MachineDescription.LoadAverage();
        var shipped = BenchPipelineFile.LoadShipped(Path.Combine(repositoryRoot, "src", "Console.Web", "pipeline.json"));
        var files = CorpusInputFile.Load(corpusDirectory);
        var perCopy = files.Sum(f => f.EventsPerCopy);
        // Whole copies only, so the expected count is the manifest's truth times K: about --events, never zero.
        var copies = (int)Math.Max(1, Math.Round((double)arguments.Events / perCopy));

        var jsonLog = Path.Combine(corpusDirectory, "django", "thebot.json.log");
        System.Console.Error.WriteLine($"Generating {arguments.Events:N0} events from {jsonLog} ...");
        var generationStarted = Stopwatch.GetTimestamp();
        // The last 24 hours before now, so the events are as fresh as a live sender's.
        var end = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var corpus = CorpusReplicator.Load(jsonLog).Build(arguments.Events, end, TimeSpan.FromHours(24), arguments.BatchSize);
        var generation = Stopwatch.GetElapsedTime(generationStarted);

        var workRoot = Path.Combine(Path.GetTempPath(), "console-ingest-bench-" + Guid.NewGuid().ToString("N")[..12]);
        var benchmark = new IngestBenchmark(workRoot, shipped, PhaseLimit);
        var phases = new List<IngestPhaseResult>();
        try
        {
            if (arguments.Phases.Contains("tcp"))
            {
                await RunPhaseAsync("tcp", () => benchmark.RunTcpAsync(corpus), phases);
            }

            corpus = null; // the NDJSON is sent: let it go before the file phase
            GC.Collect();
            if (arguments.Phases.Contains("file"))
            {
                await RunPhaseAsync("file", () => benchmark.RunFilesAsync(corpusDirectory, files, copies), phases);
            }
        }
        finally
        {
            if (arguments.Keep)
            {
                System.Console.Error.WriteLine($"Kept the pipeline files, data and log files under {workRoot}");
            }
            else if (Directory.Exists(workRoot))
            {
                Directory.Delete(workRoot, recursive: true);
            }
        }

        if (phases.Count == 0)
        {
            return 1;
        }

        var report = new IngestReport(
            started, machine, command, arguments.Note, loadBefore, MachineDescription.LoadAverage(), ConsoleGcMode(),
            Path.GetRelativePath(repositoryRoot, corpusDirectory), generation, phases);
        var markdown = IngestMarkdownReport.Render(report);
        System.Console.Out.Write(markdown);
        if (!arguments.NoAppend)
        {
            await BenchmarksFile.AppendAsync(repositoryRoot, markdown);
        }

        return phases.All(p => p.Complete) ? 0 : 1;
    }

    /// <summary>Runs a phase; a console that does not start is reported and the next phase still runs.</summary>
    private static async Task RunPhaseAsync(string name, Func<Task<IngestPhaseResult>> phase, List<IngestPhaseResult> phases)
    {
        try
        {
            phases.Add(await phase());
        }
        catch (InvalidOperationException ex)
        {
            System.Console.Error.WriteLine($"{name}: {ex.Message}");
        }
    }

    /// <summary>The console's GC settings come from its own runtimeconfig, not this program's.</summary>
    private static string ConsoleGcMode()
    {
        try
        {
            using var config = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Console.Web.runtimeconfig.json")));
            var properties = config.RootElement.GetProperty("runtimeOptions").TryGetProperty("configProperties", out var p) ? p : default;
            bool Flag(string name, bool fallback) =>
                properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
                    ? value.GetBoolean()
                    : fallback;
            return (Flag("System.GC.Server", false) ? "server" : "workstation") + (Flag("System.GC.Concurrent", true) ? ", concurrent" : string.Empty);
        }
        catch (Exception ex) when (ex is IOException or JsonException or KeyNotFoundException)
        {
            return "unknown";
        }
    }
}
