import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * What the console's LogEventNormalizer does to a python-json-logger line, in the same order: name → logger,
 * levelname → log_level (Python's five level names), asctime → @timestamp (ISO, UTC, milliseconds).
 */
final class EventNormalizer {
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

    private EventNormalizer() {
    }

    /** Normalises the object in place and returns its time in epoch milliseconds; throws when it has no asctime. */
    static long normalize(Map<String, Object> source) {
        if (source.containsKey("levelname")) {
            rename(source, "name", "logger");
        }
        Object level = source.remove("levelname");
        if (level instanceof String) {
            source.put("log_level", normalizeLevel((String) level));
        }
        Object asctime = source.remove("asctime");
        if (!(asctime instanceof String)) {
            throw new IllegalArgumentException("no asctime");
        }
        LocalDateTime time = LocalDateTime.parse((String) asctime, ASCTIME);
        source.put(LogSchema.TIMESTAMP, ISO.format(time));
        return time.toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static void rename(Map<String, Object> source, String from, String to) {
        if (!source.containsKey(to) && source.get(from) != null) {
            source.put(to, source.remove(from));
        }
    }

    private static String normalizeLevel(String level) {
        String upper = level.trim().toUpperCase(Locale.ROOT);
        switch (upper) {
            case "WARN": return "WARNING";
            case "ERR": return "ERROR";
            case "FATAL": case "CRIT": return "CRITICAL";
            default: return upper;
        }
    }
}
