import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.store.FSDirectory;

/**
 * Indexes an NDJSON file as the console's raw store benchmark does: one thread reads batches of 5,000 lines, N threads
 * parse and normalise them a batch or two ahead (bounded queues), N threads build documents and add them to one
 * IndexWriter, one commit at the end. Writer settings as the console's (LuceneIndex.cs): 64 MB RAM buffer, no compound
 * files. Parsing runs on as many threads as indexing: with one parser, two indexing threads waited for it (2 threads
 * indexed slower than 1), so the 2-thread figure measured this program's JSON reader rather than Lucene.
 */
final class IndexMode {
    private static final int BATCH = 5_000;
    private static final List<Parsed> END = new ArrayList<>();
    private static final List<String> END_OF_FILE = new ArrayList<>();

    private static final class Parsed {
        final Map<String, Object> source;
        final long millis;

        Parsed(Map<String, Object> source, long millis) {
            this.source = source;
            this.millis = millis;
        }
    }

    private IndexMode() {
    }

    static void run(Path input, Path indexPath, int threads) throws Exception {
        long rawBytes = Files.size(input);
        IndexWriterConfig config = new IndexWriterConfig(LuceneBench.analyzer());
        config.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
        config.setRAMBufferSizeMB(64);
        config.setUseCompoundFile(false);
        TieredMergePolicy merges = new TieredMergePolicy();
        merges.setNoCFSRatio(0);
        config.setMergePolicy(merges);

        LogSchema schema = new LogSchema();
        BlockingQueue<List<String>> lines = new ArrayBlockingQueue<>(threads + 1);
        BlockingQueue<List<Parsed>> batches = new ArrayBlockingQueue<>(threads + 1);
        AtomicLong indexed = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long started = System.nanoTime();
        try (FSDirectory directory = FSDirectory.open(indexPath)) {
            IndexWriter writer = new IndexWriter(directory, config);
            List<Thread> indexers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread indexer = new Thread(() -> {
                    EventDocumentBuilder builder = new EventDocumentBuilder(schema);
                    try {
                        while (true) {
                            List<Parsed> batch = batches.take();
                            if (batch == END) {
                                batches.put(END); // for the next indexer
                                return;
                            }
                            for (Parsed event : batch) {
                                writer.addDocument(builder.build(event.source, event.millis));
                            }
                            long done = indexed.addAndGet(batch.size());
                            if (done % 500_000 < batch.size()) {
                                double seconds = (System.nanoTime() - started) / 1e9;
                                System.err.printf("  lucene-java: %,d events in %.1f s (%,.0f/s)%n", done, seconds, done / seconds);
                            }
                        }
                    } catch (Throwable error) {
                        failure.compareAndSet(null, error);
                    }
                }, "indexer-" + t);
                indexer.start();
                indexers.add(indexer);
            }

            List<Thread> parsers = new ArrayList<>();
            AtomicLong parsersLeft = new AtomicLong(threads);
            for (int t = 0; t < threads; t++) {
                Thread parser = new Thread(() -> {
                    try {
                        while (true) {
                            List<String> raw = lines.take();
                            if (raw == END_OF_FILE) {
                                lines.put(END_OF_FILE); // for the next parser
                                if (parsersLeft.decrementAndGet() == 0) {
                                    batches.put(END);
                                }
                                return;
                            }
                            List<Parsed> batch = new ArrayList<>(raw.size());
                            for (String line : raw) {
                                try {
                                    Map<String, Object> source = JsonLine.parseObject(line);
                                    batch.add(new Parsed(source, EventNormalizer.normalize(source)));
                                } catch (IllegalArgumentException | java.time.DateTimeException bad) {
                                    rejected.incrementAndGet();
                                }
                            }
                            batches.put(batch);
                        }
                    } catch (Throwable error) {
                        failure.compareAndSet(null, error); // the reader stops; the other parsers finish and end the indexers
                        if (parsersLeft.decrementAndGet() == 0) {
                            batches.offer(END);
                        }
                    }
                }, "parser-" + t);
                parser.start();
                parsers.add(parser);
            }

            try (BufferedReader reader = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
                List<String> raw = new ArrayList<>(BATCH);
                String line;
                while ((line = reader.readLine()) != null && failure.get() == null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    raw.add(line);
                    if (raw.size() == BATCH) {
                        lines.put(raw);
                        raw = new ArrayList<>(BATCH);
                    }
                }
                if (!raw.isEmpty()) {
                    lines.put(raw);
                }
                lines.put(END_OF_FILE);
            }
            for (Thread parser : parsers) {
                parser.join();
            }
            for (Thread indexer : indexers) {
                indexer.join();
            }
            if (failure.get() != null) {
                throw new IllegalStateException("indexing failed", failure.get());
            }

            long commitStarted = System.nanoTime();
            writer.commit();
            long finished = System.nanoTime();
            long committedBytes = LuceneBench.directorySize(indexPath);
            long closeStarted = System.nanoTime();
            writer.close(); // waits for the merges still running, as the console's store does when disposed
            long closed = System.nanoTime();

            double seconds = (finished - started) / 1e9;
            LuceneBench.result("threads", threads);
            LuceneBench.result("events", indexed.get());
            LuceneBench.result("rejected", rejected.get());
            LuceneBench.result("raw_bytes", rawBytes);
            LuceneBench.result("seconds", seconds);
            LuceneBench.result("commit_seconds", (finished - commitStarted) / 1e9);
            LuceneBench.result("events_per_second", indexed.get() / seconds);
            LuceneBench.result("committed_bytes", committedBytes);
            LuceneBench.result("close_seconds", (closed - closeStarted) / 1e9);
            LuceneBench.result("closed_bytes", LuceneBench.directorySize(indexPath));
            LuceneBench.result("peak_rss_bytes", LuceneBench.peakRssBytes());
        }
    }
}
