using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Console.Ingest.Parsing;
using Console.Ingest.Parsing.Grok;
using Console.Ingest.Pipeline;
using Console.Ingest.Sources.Files;
using Console.Shared.Events;
using Microsoft.Extensions.Options;

namespace Console.Benchmarks;

/// <summary>
/// <c>--parse</c>: what the file path itself costs per event, in-process and without queue or store: for each shipped
/// file input (<c>src/Console.Web/pipeline.json</c>: its parser, multi-line rule and encoding) its corpus file is read by
/// the file receiver's own tailer (<see cref="TailedFile"/>: line split, decoding, multi-line grouping, records), each
/// record goes through the registry's parser and <see cref="LogEventNormalizer"/>, as <see cref="IngestPipeline"/> does
/// before filtering. Reported as process CPU time and bytes allocated by this thread per event, after warm-up runs, so
/// it stands on a busy machine where wall-clock time does not.
/// </summary>
internal static class ParseMode
{
    private static readonly JsonSerializerOptions OptionsJson = new()
    {
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static async Task<int> RunAsync(BenchmarkArguments arguments, string repositoryRoot, string corpusDirectory, string command)
    {
        var started = DateTimeOffset.UtcNow;
        var machine = MachineDescription.Current(repositoryRoot);
        var loadBefore = MachineDescription.LoadAverage();
        var shipped = BenchPipelineFile.LoadShipped(Path.Combine(repositoryRoot, "src", "Console.Web", "pipeline.json"));
        var inputs = ((JsonArray)shipped["Ingest"]!["Files"]!["Inputs"]!).OfType<JsonObject>()
            .Select(i => i.Deserialize<FileInputOptions>(OptionsJson)!)
            .ToDictionary(i => i.Name, StringComparer.Ordinal);
        var clock = TimeProvider.System;
        var parsers = new ParserRegistry(Options.Create(new GrokOptions()), clock);
        var normalizer = new LogEventNormalizer(clock);
        var stats = new IngestStats();
        var tailOptions = new FileTailOptions();

        var rows = new List<string>();
        long totalEvents = 0;
        double totalCpu = 0, totalBytes = 0;
        foreach (var corpus in CorpusInputFile.Load(corpusDirectory))
        {
            if (!inputs.TryGetValue(corpus.Input, out var options))
            {
                throw new InvalidDataException($"pipeline.json has no file input named {corpus.Input}");
            }

            var path = Path.Combine(corpusDirectory, corpus.CorpusPath);
            var input = new FileInput(options, stats);
            var parser = options.Parser is null ? null : parsers.Get(options.Parser);
            var result = default(RunResult);
            for (var i = 0; i < arguments.WarmupRuns; i++)
            {
                result = ReadFile(input, path, parser, normalizer, tailOptions);
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
            var process = Process.GetCurrentProcess();
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
            var wall = Stopwatch.StartNew();
            for (var i = 0; i < arguments.MeasuredRuns; i++)
            {
                result = ReadFile(input, path, parser, normalizer, tailOptions);
            }

            wall.Stop();
            var bytes = (double)(GC.GetAllocatedBytesForCurrentThread() - bytesBefore);
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds;
            var shape = Shape(input, path, parser, normalizer, tailOptions);
            var events = (long)result.Events * arguments.MeasuredRuns;
            totalEvents += events;
            totalCpu += cpu;
            totalBytes += bytes;
            var row = string.Create(
                CultureInfo.InvariantCulture,
                $"| {corpus.Input} | `{corpus.CorpusPath}` | {options.Parser ?? "(none)"}{(options.Multiline is null ? "" : " + multiline")} | {result.Events:N0} | {result.Failed:N0} | " +
                $"{cpu / events:F2} | {bytes / events:N0} | {(double)result.ReadBytes / result.Events:N0} | {(double)result.ParseBytes / result.Events:N0} | " +
                $"{(double)result.NormalizeBytes / result.Events:N0} | {shape.JsonBytes:N0} | {shape.Fields:F1} | {events / wall.Elapsed.TotalSeconds:N0} |");
            rows.Add(row);
            System.Console.Error.WriteLine(row);
        }

        var all = string.Create(CultureInfo.InvariantCulture, $"| **all files** | | | {totalEvents / arguments.MeasuredRuns:N0} | | {totalCpu / totalEvents:F2} | {totalBytes / totalEvents:N0} | | | | | | |");
        rows.Add(all);
        var markdown = Render(started, machine, command, arguments, loadBefore, MachineDescription.LoadAverage(), rows);
        System.Console.Out.Write(markdown);
        if (!arguments.NoAppend)
        {
            await BenchmarksFile.AppendAsync(repositoryRoot, markdown);
        }

        return 0;
    }

    /// <summary>One pass of the file path over one file: tailer → multi-line → parser → normaliser, as the receiver and the pipeline run them.</summary>
    private static RunResult ReadFile(FileInput input, string path, ILogParser? parser, LogEventNormalizer normalizer, FileTailOptions tailOptions)
    {
        using var handle = File.OpenHandle(path);
        var identity = FileIdentity.Of(handle, path) ?? default;
        var now = DateTimeOffset.UtcNow;
        using var file = new TailedFile(input, identity, path, handle, 0, now.ToUnixTimeMilliseconds(), tailOptions.MaxLineBytes, now);
        var scratch = new byte[64 * 1024];
        var length = file.Length();
        var events = 0;
        var failed = 0;
        bool full;
        long readBytes = 0, parseBytes = 0, normalizeBytes = 0;
        do
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var batch = new RecordBatch(tailOptions.BatchSize);
            full = file.Read(length, scratch, batch, now);
            if (!full)
            {
                file.FlushAll(batch, now);
            }

            var read = GC.GetAllocatedBytesForCurrentThread();
            readBytes += read - before;
            foreach (var record in batch.Records)
            {
                if (parser is not null && parser.Parse(record.Fields) != ParseOutcome.Parsed)
                {
                    failed++;
                }

                events++;
            }

            var parsed = GC.GetAllocatedBytesForCurrentThread();
            parseBytes += parsed - read;
            foreach (var record in batch.Records)
            {
                normalizer.Normalize(record.Fields, record.IndexBase, record.Id);
            }

            normalizeBytes += GC.GetAllocatedBytesForCurrentThread() - parsed;
        }
        while (full);

        return new RunResult(events, failed, readBytes, parseBytes, normalizeBytes);
    }

    /// <summary>An unmeasured pass: the normalised events' mean size as UTF-8 JSON and mean count of leaf fields.</summary>
    private static (double JsonBytes, double Fields) Shape(FileInput input, string path, ILogParser? parser, LogEventNormalizer normalizer, FileTailOptions tailOptions)
    {
        using var handle = File.OpenHandle(path);
        var now = DateTimeOffset.UtcNow;
        using var file = new TailedFile(input, FileIdentity.Of(handle, path) ?? default, path, handle, 0, now.ToUnixTimeMilliseconds(), tailOptions.MaxLineBytes, now);
        var scratch = new byte[64 * 1024];
        var length = file.Length();
        long events = 0, bytes = 0, fields = 0;
        bool full;
        do
        {
            var batch = new RecordBatch(tailOptions.BatchSize);
            full = file.Read(length, scratch, batch, now);
            if (!full)
            {
                file.FlushAll(batch, now);
            }

            foreach (var record in batch.Records)
            {
                parser?.Parse(record.Fields);
                var logEvent = normalizer.Normalize(record.Fields, record.IndexBase, record.Id);
                bytes += Encoding.UTF8.GetByteCount(logEvent.Source.ToJsonString());
                fields += Leaves(logEvent.Source);
                events++;
            }
        }
        while (full);

        return ((double)bytes / events, (double)fields / events);
    }

    private static int Leaves(JsonNode? node) => node switch
    {
        JsonObject obj => obj.Sum(p => Leaves(p.Value)),
        JsonArray array => array.Sum(Leaves),
        _ => 1,
    };

    private static string Render(
        DateTimeOffset started, MachineDescription machine, string command, BenchmarkArguments arguments, string loadBefore, string loadAfter, List<string> rows)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## File path cost per source (tailer, multi-line, parser, normaliser) — {started:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        MarkdownReport.Header(text, machine, command, arguments.Note, loadBefore, loadAfter);

        text.AppendLine();
        text.AppendLine("In-process, no queue and no store: each shipped file input of `src/Console.Web/pipeline.json` reads its corpus file " +
                        "with the file receiver's tailer (line split, decoding, multi-line grouping, records), then the input's parser and the " +
                        $"normaliser run on every record, as the pipeline runs them. {arguments.MeasuredRuns} passes over each file after " +
                        $"{arguments.WarmupRuns} warm-up passes; CPU is the process's (GC threads included), bytes are those this thread allocated " +
                        "(split by stage from the last pass); *event as JSON* and *fields/event* are the normalised events' mean UTF-8 JSON size and " +
                        "leaf field count, which is what the queue and the index are handed; " +
                        "events/s is wall-clock and only indicative on a shared machine.");
        text.AppendLine();
        text.AppendLine("| input | corpus file | parser | events a pass | not parsed | µs CPU/event | B allocated/event | of which tailer + multi-line | parser | normaliser | event as JSON, B | fields/event | events/s |");
        text.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            text.AppendLine(row);
        }

        text.AppendLine();
        return text.ToString();
    }

    /// <summary>One pass: events, those the parser did not parse, and the bytes allocated by each stage (tailer with multi-line, parser, normaliser).</summary>
    private readonly record struct RunResult(int Events, int Failed, long ReadBytes, long ParseBytes, long NormalizeBytes);
}
