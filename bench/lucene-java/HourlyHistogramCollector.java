import java.io.IOException;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;

/** Counts the matching documents per bucket of @timestamp doc values, like a date histogram aggregation. */
final class HourlyHistogramCollector extends SimpleCollector {
    private final long fromMillis;
    private final long intervalMillis;
    private final long[] counts;
    private NumericDocValues timestamps;
    private long total;

    HourlyHistogramCollector(long fromMillis, long toMillis, long intervalMillis) {
        this.fromMillis = fromMillis;
        this.intervalMillis = intervalMillis;
        this.counts = new long[(int) ((toMillis - fromMillis + intervalMillis - 1) / intervalMillis)];
    }

    @Override
    protected void doSetNextReader(LeafReaderContext context) throws IOException {
        timestamps = DocValues.getNumeric(context.reader(), LogSchema.TIMESTAMP);
    }

    @Override
    public void collect(int doc) throws IOException {
        if (timestamps.advanceExact(doc)) {
            long bucket = (timestamps.longValue() - fromMillis) / intervalMillis;
            if (bucket >= 0 && bucket < counts.length) {
                counts[(int) bucket]++;
                total++;
            }
        }
    }

    @Override
    public ScoreMode scoreMode() {
        return ScoreMode.COMPLETE_NO_SCORES;
    }

    long total() {
        return total;
    }

    long[] counts() {
        return counts;
    }
}
