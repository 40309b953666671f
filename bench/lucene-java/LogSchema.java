import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's field types (src/Console.Shared/Events/LogSchema.cs Known, then typed on first sight like its
 * FieldCatalog: whole numbers long, other numbers double, booleans boolean, everything else keyword).
 */
final class LogSchema {
    enum Type { KEYWORD, TEXT, LONG, DOUBLE, DATE, BOOLEAN }

    static final String TIMESTAMP = "@timestamp";
    static final String MESSAGE = "message";
    static final String ID = "_id";
    static final String SOURCE = "_source";
    static final String SEQUENCE = "_seq";
    static final String RAW_MESSAGE = "_raw_message";
    static final String FIELD_NAMES = "_field_names";
    static final int RAW_MESSAGE_MAX_CHARS = 4096;
    static final int MAX_KEYWORD_LENGTH = 1024;

    private static final Map<String, Type> KNOWN = Map.ofEntries(
            Map.entry(TIMESTAMP, Type.DATE),
            Map.entry(MESSAGE, Type.TEXT),
            Map.entry("stack_trace", Type.TEXT),
            Map.entry("exc_info", Type.TEXT),
            Map.entry("error.stack_trace", Type.TEXT),
            Map.entry("error.message", Type.TEXT),
            Map.entry("log_level", Type.KEYWORD),
            Map.entry("service", Type.KEYWORD),
            Map.entry("logger", Type.KEYWORD),
            Map.entry("request_id", Type.KEYWORD),
            Map.entry("user_id", Type.KEYWORD),
            Map.entry("host.name", Type.KEYWORD),
            Map.entry("environment", Type.KEYWORD),
            Map.entry("platform.version", Type.KEYWORD),
            Map.entry("method", Type.KEYWORD),
            Map.entry("http.method", Type.KEYWORD),
            Map.entry("http.path", Type.KEYWORD),
            Map.entry("http.url", Type.KEYWORD),
            Map.entry("client.ip", Type.KEYWORD),
            Map.entry("error.type", Type.KEYWORD),
            Map.entry("tags", Type.KEYWORD),
            Map.entry("event.dataset", Type.KEYWORD),
            Map.entry("duration_ms", Type.DOUBLE),
            Map.entry("response_time", Type.DOUBLE),
            Map.entry("http.status_code", Type.LONG),
            Map.entry("status", Type.LONG),
            Map.entry("status_code", Type.LONG),
            Map.entry("http.response.bytes", Type.LONG),
            Map.entry("process", Type.LONG),
            Map.entry("process.pid", Type.LONG));

    private final Map<String, Type> seen = new ConcurrentHashMap<>(KNOWN);

    /** The field's type: known, or fixed by the first value seen (shared by all indexing threads). */
    Type resolve(String name, Object firstValue) {
        Type type = seen.get(name);
        if (type != null) {
            return type;
        }
        Type guess = firstValue instanceof Long ? Type.LONG
                : firstValue instanceof Double ? Type.DOUBLE
                : firstValue instanceof Boolean ? Type.BOOLEAN
                : Type.KEYWORD;
        Type previous = seen.putIfAbsent(name, guess);
        return previous != null ? previous : guess;
    }

    /** For queries: a field never seen is a keyword. */
    Type typeOf(String name) {
        return seen.getOrDefault(name, Type.KEYWORD);
    }
}
