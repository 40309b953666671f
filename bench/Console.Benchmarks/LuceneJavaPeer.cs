using System.Globalization;

namespace Console.Benchmarks;

/// <summary>
/// Apache Lucene 8 for Java (Debian's liblucene8-java) through the small program in bench/lucene-java, compiled here with
/// javac against the jars in /usr/share/java: nothing is downloaded. Runs with a 1 GiB heap, as a service would be sized.
/// </summary>
internal sealed class LuceneJavaPeer
{
    private const string JarDirectory = "/usr/share/java";
    private static readonly string[] Jars = ["lucene-core-8", "lucene-queryparser-8", "lucene-analyzers-common-8"];

    private readonly string _classPath;

    private LuceneJavaPeer(string classPath, string version)
    {
        _classPath = classPath;
        Version = version;
    }

    /// <summary>Lucene's version (from the core jar's manifest) and the JVM's.</summary>
    public string Version { get; }

    /// <exception cref="InvalidOperationException">javac, java or the Lucene 8 jars are missing, or the program does not compile.</exception>
    public static async Task<LuceneJavaPeer> CompileAsync(string repositoryRoot, string outputDirectory)
    {
        var jars = Jars.Select(prefix => Directory.Exists(JarDirectory)
                ? Directory.EnumerateFiles(JarDirectory, prefix + "*.jar").Order(StringComparer.Ordinal).FirstOrDefault()
                : null)
            .ToList();
        if (jars.Any(jar => jar is null))
        {
            throw new InvalidOperationException($"Lucene 8 jars not found in {JarDirectory}: apt-get install -y default-jdk-headless liblucene8-java");
        }

        var sources = Directory.GetFiles(Path.Combine(repositoryRoot, "bench", "lucene-java"), "*.java").Order(StringComparer.Ordinal).ToList();
        Directory.CreateDirectory(outputDirectory);
        var jarPath = string.Join(':', jars);
        var (exit, _) = await ChildProcess.RunAsync("javac", ["-Xlint:all", "-Werror", "-d", outputDirectory, "-cp", jarPath, .. sources]);
        if (exit != 0)
        {
            throw new InvalidOperationException($"javac failed ({exit}) on bench/lucene-java");
        }

        string lucene;
        using (var archive = System.IO.Compression.ZipFile.OpenRead(jars[0]!))
        using (var manifest = new StreamReader(archive.GetEntry("META-INF/MANIFEST.MF")!.Open()))
        {
            // Debian ships 8.8.1 in jars named 8.7.0; the manifest tells the truth.
            var line = (await manifest.ReadToEndAsync()).Split('\n').FirstOrDefault(l => l.StartsWith("Specification-Version:", StringComparison.Ordinal));
            lucene = line?.Split(':')[1].Trim() ?? Path.GetFileName(jars[0]!);
        }

        return new LuceneJavaPeer(outputDirectory + ":" + jarPath, $"Lucene {lucene} ({Path.GetFileName(jars[0])}), {await JavaVersionAsync()}");
    }

    public async Task<PeerIndexingRun> IndexAsync(string ndjson, string indexDirectory, int threads)
    {
        var results = new Dictionary<string, string>(StringComparer.Ordinal);
        var loadBefore = MachineDescription.OneMinuteLoad();
        var (exit, _) = await ChildProcess.RunAsync("java", ["-Xmx1g", "-cp", _classPath, "LuceneBench", "index", "--input", ndjson, "--index", indexDirectory, "--threads", threads.ToString(CultureInfo.InvariantCulture)],
            line => Collect(line, results));
        if (exit != 0)
        {
            throw new InvalidOperationException($"Lucene-Java indexing failed ({exit})");
        }

        return new PeerIndexingRun(
            "Lucene-Java",
            threads,
            long.Parse(results["events"], CultureInfo.InvariantCulture),
            double.Parse(results["seconds"], CultureInfo.InvariantCulture),
            double.Parse(results["events_per_second"], CultureInfo.InvariantCulture),
            long.Parse(results["committed_bytes"], CultureInfo.InvariantCulture),
            long.Parse(results["closed_bytes"], CultureInfo.InvariantCulture),
            long.Parse(results["peak_rss_bytes"], CultureInfo.InvariantCulture),
            loadBefore,
            MachineDescription.OneMinuteLoad());
    }

    /// <returns>One timing per line of the queries file, then the 24 h histogram; and the search process's peak RSS.</returns>
    public async Task<(IReadOnlyList<PeerQueryTiming> Timings, long? PeakRss)> SearchAsync(string indexDirectory, string queriesFile, DateTimeOffset from, DateTimeOffset to, int warmup, int runs)
    {
        var timings = new List<PeerQueryTiming>();
        var results = new Dictionary<string, string>(StringComparer.Ordinal);
        var load = MachineDescription.OneMinuteLoad();
        var (exit, _) = await ChildProcess.RunAsync("java", ["-Xmx1g", "-cp", _classPath, "LuceneBench", "search", "--index", indexDirectory, "--queries", queriesFile,
                "--from", from.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), "--to", to.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
                "--warmup", warmup.ToString(CultureInfo.InvariantCulture), "--runs", runs.ToString(CultureInfo.InvariantCulture)],
            line =>
            {
                var parts = line.Split('\t');
                if (parts[0] is "QUERY" or "HISTOGRAM")
                {
                    var values = parts[^4..];
                    timings.Add(new PeerQueryTiming(
                        long.Parse(values[0], CultureInfo.InvariantCulture),
                        double.Parse(values[1], CultureInfo.InvariantCulture),
                        double.Parse(values[2], CultureInfo.InvariantCulture),
                        double.Parse(values[3], CultureInfo.InvariantCulture),
                        load));
                    load = MachineDescription.OneMinuteLoad(); // the next query starts now
                }
                else
                {
                    Collect(line, results);
                }
            });
        if (exit != 0)
        {
            throw new InvalidOperationException($"Lucene-Java search failed ({exit})");
        }

        return (timings, results.TryGetValue("peak_rss_bytes", out var peak) ? long.Parse(peak, CultureInfo.InvariantCulture) : null);
    }

    private static void Collect(string line, Dictionary<string, string> results)
    {
        var parts = line.Split('\t');
        if (parts.Length == 3 && parts[0] == "RESULT")
        {
            results[parts[1]] = parts[2];
        }
    }

    private static async Task<string> JavaVersionAsync()
    {
        var version = "Java (version unknown)";
        var start = new System.Diagnostics.ProcessStartInfo("java", ["-version"]) { RedirectStandardError = true };
        using var java = System.Diagnostics.Process.Start(start);
        if (java is not null)
        {
            var first = await java.StandardError.ReadLineAsync();
            await java.WaitForExitAsync();
            version = first ?? version;
        }

        return version;
    }
}
