import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldCollector;
import org.apache.lucene.store.FSDirectory;

/**
 * Times the console's example queries on the index IndexMode wrote, as the console's store answers Discover: the query
 * within the time range, the 50 newest hits (@timestamp then _seq, descending) with their _source read, and the exact
 * total; then a 24 h histogram of one-hour buckets over every event. Warm-up runs, then measured runs; nearest-rank p50/p95.
 */
final class SearchMode {
    private static final int PAGE = 50;
    private static final long HOUR = 3_600_000L;

    private interface Run {
        long hits() throws Exception;
    }

    private SearchMode() {
    }

    static void run(Path indexPath, Path queriesFile, long fromMillis, long toMillis, int warmup, int runs) throws Exception {
        List<String> queries = Files.readAllLines(queriesFile, StandardCharsets.UTF_8);
        Sort newestFirst = new Sort(new SortField(LogSchema.TIMESTAMP, SortField.Type.LONG, true), new SortField(LogSchema.SEQUENCE, SortField.Type.LONG, true));
        Set<String> sourceOnly = Set.of(LogSchema.SOURCE);
        try (FSDirectory directory = FSDirectory.open(indexPath); DirectoryReader reader = DirectoryReader.open(directory)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            SchemaQueryParser parser = new SchemaQueryParser(new LogSchema(), toMillis);
            Query inRange = LongPoint.newRangeQuery(LogSchema.TIMESTAMP, fromMillis, toMillis);
            for (int i = 0; i < queries.size(); i++) {
                Query parsed = parser.parseOrAll(queries.get(i));
                Query query = new BooleanQuery.Builder().add(parsed, BooleanClause.Occur.MUST).add(inRange, BooleanClause.Occur.FILTER).build();
                measure("QUERY\t" + i, () -> {
                    // One more than the page, as the console asks, to know whether a next page exists.
                    TopFieldCollector collector = TopFieldCollector.create(newestFirst, PAGE + 1, Integer.MAX_VALUE);
                    searcher.search(query, collector);
                    TopDocs top = collector.topDocs();
                    ScoreDoc[] page = top.scoreDocs;
                    for (int d = 0; d < Math.min(PAGE, page.length); d++) {
                        searcher.doc(page[d].doc, sourceOnly);
                    }
                    return top.totalHits.value;
                }, warmup, runs);
            }

            long dayStart = toMillis - 24 * HOUR;
            measure("HISTOGRAM", () -> {
                HourlyHistogramCollector histogram = new HourlyHistogramCollector(dayStart, toMillis, HOUR);
                searcher.search(new MatchAllDocsQuery(), histogram);
                return histogram.total();
            }, warmup, runs);
        }
        LuceneBench.result("peak_rss_bytes", LuceneBench.peakRssBytes());
    }

    private static void measure(String name, Run run, int warmup, int runs) throws Exception {
        long hits = 0;
        for (int i = 0; i < warmup; i++) {
            hits = run.hits();
        }
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            long started = System.nanoTime();
            hits = run.hits();
            millis[i] = (System.nanoTime() - started) / 1e6;
        }
        Arrays.sort(millis);
        System.out.printf("%s\t%d\t%.3f\t%.3f\t%.3f%n", name, hits, percentile(millis, 0.50), percentile(millis, 0.95), millis[runs - 1]);
        System.err.printf("  lucene-java %s: %,d hits, p50 %.1f ms, p95 %.1f ms%n", name, hits, percentile(millis, 0.50), percentile(millis, 0.95));
    }

    private static double percentile(double[] sorted, double fraction) {
        int rank = (int) Math.ceil(fraction * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }
}
