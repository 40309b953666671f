import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader and writer for one NDJSON line (the JDK has none and nothing is downloaded). Objects keep their
 * key order (LinkedHashMap), arrays are Lists, numbers are Long when written without a fraction or exponent, else Double.
 */
final class JsonLine {
    private final String text;
    private int position;

    private JsonLine(String text) {
        this.text = text;
    }

    /** Parses a line holding one JSON object; throws IllegalArgumentException when it is not one. */
    static Map<String, Object> parseObject(String line) {
        JsonLine reader = new JsonLine(line);
        reader.skipSpace();
        Object value = reader.readValue();
        reader.skipSpace();
        if (!(value instanceof Map) || reader.position != line.length()) {
            throw new IllegalArgumentException("not one JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) value;
        return object;
    }

    /** Compact JSON of a value made of the types parseObject returns. */
    static void write(Object value, StringBuilder into) {
        if (value == null) {
            into.append("null");
        } else if (value instanceof String) {
            writeString((String) value, into);
        } else if (value instanceof Map) {
            into.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                if (!first) {
                    into.append(',');
                }
                first = false;
                writeString((String) entry.getKey(), into);
                into.append(':');
                write(entry.getValue(), into);
            }
            into.append('}');
        } else if (value instanceof List) {
            into.append('[');
            boolean first = true;
            for (Object item : (List<?>) value) {
                if (!first) {
                    into.append(',');
                }
                first = false;
                write(item, into);
            }
            into.append(']');
        } else {
            into.append(value); // Long, Double, Boolean
        }
    }

    private static void writeString(String value, StringBuilder into) {
        into.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"': into.append("\\\""); break;
                case '\\': into.append("\\\\"); break;
                case '\n': into.append("\\n"); break;
                case '\r': into.append("\\r"); break;
                case '\t': into.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        into.append(String.format("\\u%04x", (int) c));
                    } else {
                        into.append(c);
                    }
            }
        }
        into.append('"');
    }

    private Object readValue() {
        if (position >= text.length()) {
            throw new IllegalArgumentException("unexpected end");
        }
        char c = text.charAt(position);
        switch (c) {
            case '{': return readObject();
            case '[': return readArray();
            case '"': return readString();
            case 't': expect("true"); return Boolean.TRUE;
            case 'f': expect("false"); return Boolean.FALSE;
            case 'n': expect("null"); return null;
            default: return readNumber();
        }
    }

    private Map<String, Object> readObject() {
        Map<String, Object> object = new LinkedHashMap<>();
        position++;
        skipSpace();
        if (peek() == '}') {
            position++;
            return object;
        }
        while (true) {
            skipSpace();
            String key = readString();
            skipSpace();
            if (peek() != ':') {
                throw new IllegalArgumentException("expected ':' at " + position);
            }
            position++;
            skipSpace();
            object.put(key, readValue());
            skipSpace();
            char next = text.charAt(position++);
            if (next == '}') {
                return object;
            }
            if (next != ',') {
                throw new IllegalArgumentException("expected ',' at " + position);
            }
        }
    }

    private List<Object> readArray() {
        List<Object> array = new ArrayList<>();
        position++;
        skipSpace();
        if (peek() == ']') {
            position++;
            return array;
        }
        while (true) {
            skipSpace();
            array.add(readValue());
            skipSpace();
            char next = text.charAt(position++);
            if (next == ']') {
                return array;
            }
            if (next != ',') {
                throw new IllegalArgumentException("expected ',' at " + position);
            }
        }
    }

    private String readString() {
        if (peek() != '"') {
            throw new IllegalArgumentException("expected a string at " + position);
        }
        int start = ++position;
        // Fast path: no escapes, one substring.
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c == '"') {
                return text.substring(start, position++);
            }
            if (c == '\\') {
                break;
            }
            position++;
        }
        StringBuilder value = new StringBuilder(text.substring(start, position));
        while (position < text.length()) {
            char c = text.charAt(position++);
            if (c == '"') {
                return value.toString();
            }
            if (c != '\\') {
                value.append(c);
                continue;
            }
            char escaped = text.charAt(position++);
            switch (escaped) {
                case 'n': value.append('\n'); break;
                case 'r': value.append('\r'); break;
                case 't': value.append('\t'); break;
                case 'b': value.append('\b'); break;
                case 'f': value.append('\f'); break;
                case 'u':
                    value.append((char) Integer.parseInt(text.substring(position, position + 4), 16));
                    position += 4;
                    break;
                default: value.append(escaped); // " \ /
            }
        }
        throw new IllegalArgumentException("unterminated string");
    }

    private Object readNumber() {
        int start = position;
        boolean integral = true;
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c == '.' || c == 'e' || c == 'E') {
                integral = false;
            } else if (!(c == '-' || c == '+' || (c >= '0' && c <= '9'))) {
                break;
            }
            position++;
        }
        String number = text.substring(start, position);
        if (number.isEmpty()) {
            throw new IllegalArgumentException("unexpected '" + text.charAt(start) + "' at " + start);
        }
        if (integral) {
            try {
                return Long.parseLong(number);
            } catch (NumberFormatException tooBig) {
                return Double.parseDouble(number);
            }
        }
        return Double.parseDouble(number);
    }

    private void expect(String word) {
        if (!text.startsWith(word, position)) {
            throw new IllegalArgumentException("expected " + word + " at " + position);
        }
        position += word.length();
    }

    private char peek() {
        return position < text.length() ? text.charAt(position) : '\0';
    }

    private void skipSpace() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }
}
