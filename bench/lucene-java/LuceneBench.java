import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.standard.StandardAnalyzer;

/**
 * The peer of the console's store benchmark: Apache Lucene 8 for Java indexing and searching the same NDJSON.
 * Driven by Console.Benchmarks --peers (see bench/lucene-java/README.md); results go to stdout as "RESULT name value"
 * and "QUERY i hits p50 p95 max" lines, progress to stderr.
 *
 *   java -cp 'out:/usr/share/java/*' LuceneBench index --input FILE --index DIR --threads N
 *   java -cp 'out:/usr/share/java/*' LuceneBench search --index DIR --queries FILE --from MILLIS --to MILLIS --warmup N --runs N
 */
public final class LuceneBench {
    private LuceneBench() {
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        if (args.length == 0) {
            usage();
            return;
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        switch (args[0]) {
            case "index":
                IndexMode.run(Paths.get(required(options, "--input")), Paths.get(required(options, "--index")),
                        Integer.parseInt(options.getOrDefault("--threads", "1")));
                break;
            case "search":
                SearchMode.run(Paths.get(required(options, "--index")), Paths.get(required(options, "--queries")),
                        Long.parseLong(required(options, "--from")), Long.parseLong(required(options, "--to")),
                        Integer.parseInt(options.getOrDefault("--warmup", "5")), Integer.parseInt(options.getOrDefault("--runs", "50")));
                break;
            default:
                usage();
        }
    }

    /** The console's text analyzer: the standard analyzer without stop words (Elasticsearch's default). */
    static Analyzer analyzer() {
        return new StandardAnalyzer(CharArraySet.EMPTY_SET);
    }

    static void result(String name, Object value) {
        System.out.println("RESULT\t" + name + "\t" + value);
    }

    static long directorySize(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    /** VmHWM: the most resident memory this process has held. */
    static long peakRssBytes() throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    private static void usage() {
        System.err.println("usage: LuceneBench index --input FILE --index DIR --threads N");
        System.err.println("       LuceneBench search --index DIR --queries FILE --from MILLIS --to MILLIS [--warmup N] [--runs N]");
        System.exit(2);
    }
}
