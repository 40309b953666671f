using System.Globalization;

namespace Console.Benchmarks;

/// <summary>The command line: <c>--ingest --events N --corpus DIR --batch N --ram-buffer MB --warmup N --runs N --note TEXT --keep --no-append</c>.</summary>
internal sealed class BenchmarkArguments
{
    /// <summary>Benchmark ingest end to end through the console process instead of the store in-process.</summary>
    public bool Ingest { get; private set; }

    /// <summary>Live-tail latency: events sent over TCP at a fixed rate to rows in the DOM of several Chromium viewers.</summary>
    public bool Tail { get; private set; }

    /// <summary>Time Discover's first result in Chromium over <see cref="Events"/> events served by the real console.</summary>
    public bool Discover { get; private set; }

    /// <summary>With <see cref="Tail"/>: Chromium pages following the tail.</summary>
    public int Viewers { get; private set; } = 10;

    /// <summary>With <see cref="Tail"/>: events sent a second (a multiple of 100).</summary>
    public int Rate { get; private set; } = 5_000;

    /// <summary>With <see cref="Tail"/>: the niceness Chromium runs at (0 to 19); 0, the default, is the same priority as the console.</summary>
    public int BrowserNice { get; private set; }

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
        "       dotnet run -c Release --project bench/Console.Benchmarks -- --ingest [--events N] [--corpus DIR] [--batch N] " +
        "[--note TEXT] [--keep] [--no-append]\n" +
        "       dotnet run -c Release --project bench/Console.Benchmarks -- --tail [--viewers N] [--rate N] [--browser-nice N] [--note TEXT] [--no-append]\n" +
        "       dotnet run -c Release --project bench/Console.Benchmarks -- --discover [--events N] [--warmup N] [--runs N] [--note TEXT] [--no-append]\n" +
        "  default: the embedded store in-process (indexing, disk, queries); --ingest: the console as a child process,\n" +
        "  JSON lines over TCP and corpus log files until searchable (--warmup and --runs do not apply);\n" +
        "  --tail: --rate events/s (5,000) over TCP for 20 s to --viewers live-tail pages (10) in Chromium, send-to-DOM latency;\n" +
        "  --browser-nice runs Chromium at that niceness, as if the viewers were on users' machines;\n" +
        "  --discover: --events events indexed, then Discover in Chromium from Search to the first result on screen";

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
                case "--discover":
                    parsed.Discover = true;
                    break;
                case "--viewers":
                    parsed.Viewers = PositiveInt(args, ref i);
                    break;
                case "--rate":
                    parsed.Rate = PositiveInt(args, ref i);
                    break;
                case "--browser-nice":
                    parsed.BrowserNice = PositiveInt(args, ref i);
                    if (parsed.BrowserNice > 19)
                    {
                        throw new ArgumentException("--browser-nice must be 1 to 19");
                    }

                    break;
                case "--ingest":
                    parsed.Ingest = true;
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
