using System.Globalization;

namespace Console.Benchmarks;

/// <summary>The command line: <c>--ingest --events N --corpus DIR --batch N --ram-buffer MB --warmup N --runs N --note TEXT --keep --no-append</c>.</summary>
internal sealed class BenchmarkArguments
{
    /// <summary>Benchmark ingest end to end through the console process instead of the store in-process.</summary>
    public bool Ingest { get; private set; }

    /// <summary>With <see cref="Ingest"/>: the phases to run (<c>--phases tcp</c>, <c>--phases file</c>); default both.</summary>
    public IReadOnlyList<string> Phases { get; private set; } = ["tcp", "file"];

    /// <summary>Live-tail latency: events sent over TCP at a fixed rate to rows in the DOM of several Chromium viewers.</summary>
    public bool Tail { get; private set; }

    /// <summary>The console's store beside Lucene 8 for Java and ripgrep on the same NDJSON file (bench/lucene-java), at each of <see cref="Sizes"/>.</summary>
    public bool Peers { get; private set; }

    /// <summary>With <see cref="Peers"/>: the event counts to run, smallest first (<c>--sizes 1000000,3000000</c>); default <see cref="Events"/>.</summary>
    public IReadOnlyList<int> Sizes { get; private set; } = [];

    /// <summary>With <see cref="Peers"/>: where the NDJSON file and the indexes go (default the temp directory); each size's files are deleted after it unless <see cref="Keep"/>.</summary>
    public string? WorkDirectory { get; private set; }

    /// <summary>Internal: the child process <see cref="Peers"/> starts to index an NDJSON file into the store (and query it) at a given processor count.</summary>
    public bool StoreChild { get; private set; }

    /// <summary>With <see cref="StoreChild"/>: the NDJSON file, the store's data directory, the result file, the queries file (one a line) and the time range.</summary>
    public string? NdjsonFile { get; private set; }

    public string? DataDirectory { get; private set; }

    public string? ResultFile { get; private set; }

    public string? QueriesFile { get; private set; }

    public long FromMillis { get; private set; }

    public long ToMillis { get; private set; }

    /// <summary>CPU time and allocations per event of the file path (tailer, multi-line, parser, normaliser) per shipped file input, in-process.</summary>
    public bool ParseCost { get; private set; }

    /// <summary>Time Discover's first result in Chromium over <see cref="Events"/> events served by the real console.</summary>
    public bool Discover { get; private set; }

    /// <summary>Time each server-side part of Discover's first result (fields, first page, hit fields, histogram) in-process, per query.</summary>
    public bool DiscoverParts { get; private set; }

    /// <summary>CPU time and allocations of Discover's first search, at the old and the new first-page size, in-process.</summary>
    public bool DiscoverCost { get; private set; }

    /// <summary>With <see cref="Tail"/>: Chromium pages following the tail.</summary>
    public int Viewers { get; private set; } = 10;

    /// <summary>With <see cref="Tail"/>: events sent a second (a multiple of 100).</summary>
    public int Rate { get; private set; } = 5_000;

    /// <summary>
    /// With <see cref="Tail"/>: seconds of the same traffic sent before the measured 20 s and not measured. The console's first
    /// seconds under a stream JIT-compile its rendering and matching paths (a long-running console has done so long before),
    /// and the pages settle into their steady state. Its rows say <c>tailwarm</c>, which the observer ignores.
    /// </summary>
    public int TailWarmUpSeconds { get; private set; } = 5;

    /// <summary>With <see cref="Tail"/>: the niceness Chromium runs at (0 to 19); 0, the default, is the same priority as the console.</summary>
    public int BrowserNice { get; private set; }

    /// <summary>With <see cref="Tail"/>: where to write Chromium's trace of the first viewer while the tail runs.</summary>
    public string? BrowserTraceFile { get; private set; }

    /// <summary>Events to index; with <see cref="Ingest"/> the TCP phase sends this many and the file phase about as many (whole corpus copies).</summary>
    public int Events { get; private set; } = 1_000_000;

    /// <summary>The shared corpus directory; null means <c>../shared/corpus</c> beside the repository root.</summary>
    public string? CorpusDirectory { get; private set; }

    /// <summary>Events per IndexAsync call; with <see cref="Ingest"/>, lines per socket write.</summary>
    public int BatchSize { get; private set; } = 5000;

    public int WarmupRuns { get; private set; } = 5;

    public int MeasuredRuns { get; private set; } = 50;

    /// <summary>The store's <c>Storage:RamBufferMegabytes</c> for the in-process store benchmark; null keeps the store's default.</summary>
    public int? RamBufferMegabytes { get; private set; }

    /// <summary>With <c>--store-child</c>: the store's <c>Storage:IndexingThreads</c>; null keeps its default (one per processor).</summary>
    public int? IndexingThreads { get; private set; }

    /// <summary>Free text for the report, e.g. what else ran on the machine.</summary>
    public string? Note { get; private set; }

    /// <summary>Keep the index directory (with --ingest: the pipeline files, data and log files) instead of deleting it at the end.</summary>
    public bool Keep { get; private set; }

    /// <summary>Print the report without appending it to BENCHMARKS.md (trial runs).</summary>
    public bool NoAppend { get; private set; }

    public IReadOnlyList<string> Raw { get; private set; } = [];

    public static string Usage =>
        "usage: dotnet run -c Release --project bench/Console.Benchmarks -- [--events N] [--corpus DIR] [--batch N] [--ram-buffer MB] " +
        "[--warmup N] [--runs N] [--note TEXT] [--keep] [--no-append]\n" +
        "       dotnet run -c Release --project bench/Console.Benchmarks -- --ingest [--events N] [--phases tcp,file] [--corpus DIR] [--batch N] " +
        "[--note TEXT] [--keep] [--no-append]\n" +
        "       dotnet run -c Release --project bench/Console.Benchmarks -- --tail [--viewers N] [--rate N] [--tail-warmup SECONDS] [--browser-nice N] [--browser-trace FILE] [--note TEXT] [--no-append]\n" +
        "       dotnet run -c Release --project bench/Console.Benchmarks -- --discover [--events N] [--warmup N] [--runs N] [--note TEXT] [--no-append]\n" +
        "       dotnet run -c Release --project bench/Console.Benchmarks -- --discover-parts [--events N] [--warmup N] [--runs N] [--work DIR] [--note TEXT] [--no-append]\n" +
        "       dotnet run -c Release --project bench/Console.Benchmarks -- --discover-cost [--events N] [--warmup N] [--runs N] [--work DIR] [--note TEXT] [--no-append]\n" +
        "       dotnet run -c Release --project bench/Console.Benchmarks -- --parse [--corpus DIR] [--warmup N] [--runs N] [--note TEXT] [--no-append]\n" +
        "       dotnet run -c Release --project bench/Console.Benchmarks -- --peers [--sizes N,N,...] [--events N] [--warmup N] [--runs N] [--work DIR] [--note TEXT] [--keep] [--no-append]\n" +
        "  default: the embedded store in-process (indexing, disk, queries); --ingest: the console as a child process,\n" +
        "  JSON lines over TCP and corpus log files until searchable (--warmup and --runs do not apply);\n" +
        "  --tail: --rate events/s (5,000) over TCP for 20 s to --viewers live-tail pages (10) in Chromium, send-to-DOM latency;\n" +
        "  --browser-nice runs Chromium at that niceness, as if the viewers were on users' machines;\n" +
        "  --browser-trace writes Chromium's trace of the first viewer (chrome://tracing, Perfetto) to FILE;\n" +
        "  --discover: --events events indexed, then Discover in Chromium from Search to the first result on screen;\n" +
        "  --discover-parts: the parts of Discover's first result timed in-process (--work DIR keeps the index and reuses it);\n" +
        "  --discover-cost: CPU time and allocations of Discover's first search at the old and new first-page size (same index as --discover-parts);\n" +
        "  --parse: each shipped file input over its corpus file in-process (tailer, multi-line, parser, normaliser), CPU and bytes per event;\n" +
        "  --peers: the store (1 and 2 cores), Lucene 8 for Java (1 and 2 threads, bench/lucene-java) and ripgrep on one NDJSON file per size";

    /// <exception cref="ArgumentException">An option is unknown or its value is missing or not a positive number.</exception>
    public static BenchmarkArguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new BenchmarkArguments { Raw = args };
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--tail":
                    parsed.Tail = true;
                    break;
                case "--parse":
                    parsed.ParseCost = true;
                    break;
                case "--discover":
                    parsed.Discover = true;
                    break;
                case "--discover-parts":
                    parsed.DiscoverParts = true;
                    break;
                case "--discover-cost":
                    parsed.DiscoverCost = true;
                    break;
                case "--viewers":
                    parsed.Viewers = PositiveInt(args, ref i);
                    break;
                case "--rate":
                    parsed.Rate = PositiveInt(args, ref i);
                    break;
                case "--tail-warmup":
                    parsed.TailWarmUpSeconds = PositiveInt(args, ref i);
                    break;
                case "--browser-nice":
                    parsed.BrowserNice = PositiveInt(args, ref i);
                    if (parsed.BrowserNice > 19)
                    {
                        throw new ArgumentException("--browser-nice must be 1 to 19");
                    }

                    break;
                case "--browser-trace":
                    parsed.BrowserTraceFile = Path.GetFullPath(Value(args, ref i));
                    break;
                case "--peers":
                    parsed.Peers = true;
                    break;
                case "--sizes":
                    parsed.Sizes = Value(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(size => int.TryParse(size.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                            ? n
                            : throw new ArgumentException($"--sizes takes positive whole numbers separated by commas, not '{args[i]}'"))
                        .Order()
                        .ToList();
                    break;
                case "--work":
                    parsed.WorkDirectory = Value(args, ref i);
                    break;
                case "--store-child":
                    parsed.StoreChild = true;
                    break;
                case "--ndjson":
                    parsed.NdjsonFile = Value(args, ref i);
                    break;
                case "--data":
                    parsed.DataDirectory = Value(args, ref i);
                    break;
                case "--result":
                    parsed.ResultFile = Value(args, ref i);
                    break;
                case "--queries":
                    parsed.QueriesFile = Value(args, ref i);
                    break;
                case "--from":
                    parsed.FromMillis = LongValue(args, ref i);
                    break;
                case "--to":
                    parsed.ToMillis = LongValue(args, ref i);
                    break;
                case "--ingest":
                    parsed.Ingest = true;
                    break;
                case "--phases":
                    parsed.Phases = Value(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(phase => phase is "tcp" or "file" ? phase : throw new ArgumentException($"--phases takes tcp, file or tcp,file, not '{args[i]}'"))
                        .Distinct()
                        .ToList();
                    break;
                case "--events":
                    parsed.Events = PositiveInt(args, ref i);
                    break;
                case "--corpus":
                    parsed.CorpusDirectory = Value(args, ref i);
                    break;
                case "--batch":
                    parsed.BatchSize = PositiveInt(args, ref i);
                    break;
                case "--warmup":
                    parsed.WarmupRuns = PositiveInt(args, ref i);
                    break;
                case "--runs":
                    parsed.MeasuredRuns = PositiveInt(args, ref i);
                    break;
                case "--indexing-threads":
                    parsed.IndexingThreads = PositiveInt(args, ref i);
                    break;
                case "--ram-buffer":
                    parsed.RamBufferMegabytes = PositiveInt(args, ref i);
                    break;
                case "--note":
                    parsed.Note = Value(args, ref i);
                    break;
                case "--keep":
                    parsed.Keep = true;
                    break;
                case "--no-append":
                    parsed.NoAppend = true;
                    break;
                default:
                    throw new ArgumentException($"unknown option '{args[i]}'");
            }
        }

        if (parsed.Sizes.Count == 0)
        {
            parsed.Sizes = [parsed.Events];
        }

        if (parsed.StoreChild && (parsed.NdjsonFile is null || parsed.DataDirectory is null || parsed.ResultFile is null))
        {
            throw new ArgumentException("--store-child needs --ndjson, --data and --result");
        }

        return parsed;
    }

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count)
        {
            throw new ArgumentException($"{args[i]} needs a value");
        }

        return args[++i];
    }

    private static long LongValue(IReadOnlyList<string> args, ref int i)
    {
        var name = args[i];
        return long.TryParse(Value(args, ref i), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{name} must be a whole number, not '{args[i]}'");
    }

    private static int PositiveInt(IReadOnlyList<string> args, ref int i)
    {
        var name = args[i];
        var text = Value(args, ref i).Replace("_", string.Empty, StringComparison.Ordinal).Replace(",", string.Empty, StringComparison.Ordinal);
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
        {
            throw new ArgumentException($"{name} must be a positive whole number, not '{args[i]}'");
        }

        return value;
    }
}
