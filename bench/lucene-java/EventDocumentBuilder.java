import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoubleDocValuesField;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.util.BytesRef;

/**
 * Builds the Lucene document of a normalised event with the console's field layout (src/Console.Shared/Storage/Embedded/
 * DocumentBuilder.cs), in Lucene 8's types: keyword → lower-cased StringField + SortedSetDocValues of the value; text →
 * TextField without norms (message also as one raw term and a _field_names term); long/date → LongPoint + NumericDocValues
 * (@timestamp too: the console keeps it as doc values only and answers its ranges from them, Lucene 8 from the points);
 * double → DoublePoint + DoubleDocValues (doc values for a field's first value only); the event's JSON stored as _source.
 */
final class EventDocumentBuilder {
    private static final FieldType TEXT = new FieldType(TextField.TYPE_NOT_STORED);
    private static final byte[] ID_PREFIX = new byte[7];
    private static final AtomicLong ID_COUNTER = new AtomicLong();
    private static final AtomicLong SEQUENCE = new AtomicLong();

    static {
        TEXT.setOmitNorms(true);
        TEXT.freeze();
        new SecureRandom().nextBytes(ID_PREFIX);
    }

    private final LogSchema schema;
    private final Set<String> withDocValues = new HashSet<>();
    private final StringBuilder json = new StringBuilder(512);
    private final byte[] idBytes = new byte[15];

    EventDocumentBuilder(LogSchema schema) {
        this.schema = schema;
        System.arraycopy(ID_PREFIX, 0, idBytes, 0, ID_PREFIX.length);
    }

    Document build(Map<String, Object> source, long millis) {
        Document doc = new Document();
        doc.add(new StringField(LogSchema.ID, nextId(), Field.Store.YES));
        json.setLength(0);
        JsonLine.write(source, json);
        doc.add(new StoredField(LogSchema.SOURCE, json.toString().getBytes(StandardCharsets.UTF_8)));
        doc.add(new LongPoint(LogSchema.TIMESTAMP, millis));
        doc.add(new NumericDocValuesField(LogSchema.TIMESTAMP, millis));
        doc.add(new NumericDocValuesField(LogSchema.SEQUENCE, SEQUENCE.incrementAndGet()));
        withDocValues.clear();
        for (Map.Entry<String, Object> entry : source.entrySet()) {
            addValue(doc, entry.getKey(), entry.getValue());
        }
        return doc;
    }

    private void addValue(Document doc, String name, Object value) {
        if (value == null || name.equals(LogSchema.TIMESTAMP)) {
            return;
        }
        if (value instanceof Map) {
            for (Map.Entry<?, ?> child : ((Map<?, ?>) value).entrySet()) {
                addValue(doc, name + "." + child.getKey(), child.getValue());
            }
            return;
        }
        if (value instanceof List) {
            for (Object item : (List<?>) value) {
                addValue(doc, name, item);
            }
            return;
        }
        // A value its field's type cannot hold is kept in _source only (the console also flags it in _ignored).
        switch (schema.resolve(name, value)) {
            case KEYWORD: {
                String text = value.toString();
                if (text.length() <= LogSchema.MAX_KEYWORD_LENGTH) {
                    doc.add(new StringField(name, text.toLowerCase(Locale.ROOT), Field.Store.NO));
                    doc.add(new SortedSetDocValuesField(name, new BytesRef(text)));
                }
                break;
            }
            case TEXT: {
                String text = value.toString();
                doc.add(new Field(name, text, TEXT));
                if (name.equals(LogSchema.MESSAGE)) {
                    String raw = text.length() > LogSchema.RAW_MESSAGE_MAX_CHARS ? text.substring(0, LogSchema.RAW_MESSAGE_MAX_CHARS) : text;
                    doc.add(new StringField(LogSchema.RAW_MESSAGE, raw, Field.Store.NO));
                }
                doc.add(new StringField(LogSchema.FIELD_NAMES, name, Field.Store.NO));
                break;
            }
            case LONG:
            case DATE: {
                Double number = asNumber(value);
                if (number != null) {
                    long integral = number.longValue();
                    doc.add(new LongPoint(name, integral));
                    if (withDocValues.add(name)) {
                        doc.add(new NumericDocValuesField(name, integral));
                    }
                }
                break;
            }
            case DOUBLE: {
                Double number = asNumber(value);
                if (number != null && Double.isFinite(number)) {
                    doc.add(new DoublePoint(name, number));
                    if (withDocValues.add(name)) {
                        doc.add(new DoubleDocValuesField(name, number));
                    }
                }
                break;
            }
            case BOOLEAN: {
                String text = value.toString().toLowerCase(Locale.ROOT);
                if (text.equals("true") || text.equals("false")) {
                    doc.add(new StringField(name, text, Field.Store.NO));
                    doc.add(new SortedSetDocValuesField(name, new BytesRef(text)));
                }
                break;
            }
            default:
                break;
        }
    }

    private static Double asNumber(Object value) {
        if (value instanceof Number) {
            return ((Number) value).doubleValue();
        }
        try {
            return Double.parseDouble(value.toString());
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    /** 20 URL-safe base64 characters: a per-process random prefix and a counter, like the console's EventIds. */
    private String nextId() {
        long counter = ID_COUNTER.incrementAndGet();
        for (int i = 0; i < 8; i++) {
            idBytes[7 + i] = (byte) (counter >>> (56 - 8 * i));
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(idBytes);
    }
}
