namespace Console.Benchmarks;

/// <summary>Everything one <c>--ingest</c> run measured, for <see cref="IngestMarkdownReport"/>.</summary>
/// <param name="ConsoleGc">The console's GC mode from its own runtimeconfig (it runs as a separate process).</param>
internal sealed record IngestReport(
    DateTimeOffset Started,
    MachineDescription Machine,
    string Command,
    string? Note,
    string LoadBefore,
    string LoadAfter,
    string ConsoleGc,
    string CorpusDirectory,
    TimeSpan Generation,
    IReadOnlyList<IngestPhaseResult> Phases);
