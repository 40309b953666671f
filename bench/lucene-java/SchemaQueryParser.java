import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.RegexpQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;

/**
 * Lucene's classic QueryParser with the same hooks the console overrides (src/Console.Shared/Query/SchemaQueryParser.cs),
 * so a query means the same on both indexes: keywords match lower-cased whole values, numbers and @timestamp get point
 * ranges (with "now-1h" date math), a regular expression on message runs over the raw message like grep.
 */
final class SchemaQueryParser extends QueryParser {
    private static final Pattern DATE_MATH = Pattern.compile("now(?:([+-])(\\d+)([smhdw]))?");

    private final LogSchema schema;
    private final long nowMillis;

    SchemaQueryParser(LogSchema schema, long nowMillis) {
        super(LogSchema.MESSAGE, LuceneBench.analyzer());
        this.schema = schema;
        this.nowMillis = nowMillis;
        setAllowLeadingWildcard(true);
        setDefaultOperator(QueryParser.Operator.OR);
    }

    Query parseOrAll(String text) throws ParseException {
        return text.isBlank() ? new MatchAllDocsQuery() : parse(text);
    }

    @Override
    protected Query getFieldQuery(String field, String queryText, boolean quoted) throws ParseException {
        switch (schema.typeOf(field)) {
            case TEXT:
                return super.getFieldQuery(field, queryText, quoted);
            case LONG:
            case DOUBLE:
            case DATE:
                return getRangeQuery(field, queryText, queryText, true, true);
            default:
                return new TermQuery(new Term(field, queryText.toLowerCase(Locale.ROOT)));
        }
    }

    @Override
    protected Query getRangeQuery(String field, String low, String high, boolean includeLow, boolean includeHigh) throws ParseException {
        low = low == null || low.equals("*") ? null : low;
        high = high == null || high.equals("*") ? null : high;
        switch (schema.typeOf(field)) {
            case LONG:
            case DATE: {
                long from = low == null ? Long.MIN_VALUE : longOf(field, low);
                long to = high == null ? Long.MAX_VALUE : longOf(field, high);
                return LongPoint.newRangeQuery(field, includeLow || low == null ? from : from + 1, includeHigh || high == null ? to : to - 1);
            }
            case DOUBLE: {
                double from = low == null ? Double.NEGATIVE_INFINITY : doubleOf(field, low);
                double to = high == null ? Double.POSITIVE_INFINITY : doubleOf(field, high);
                return DoublePoint.newRangeQuery(field,
                        includeLow || low == null ? from : Math.nextUp(from), includeHigh || high == null ? to : Math.nextDown(to));
            }
            default:
                return TermRangeQuery.newStringRange(field,
                        low == null ? null : low.toLowerCase(Locale.ROOT), high == null ? null : high.toLowerCase(Locale.ROOT), includeLow, includeHigh);
        }
    }

    @Override
    protected Query getRegexpQuery(String field, String termStr) throws ParseException {
        if (field.equals(LogSchema.MESSAGE)) {
            return new RegexpQuery(new Term(LogSchema.RAW_MESSAGE, anchorLikeGrep(termStr)));
        }
        return new RegexpQuery(new Term(field, termStr.toLowerCase(Locale.ROOT)));
    }

    /** Lucene regular expressions match whole terms; over the raw message a user means grep (/^ERROR/ anchored, /x/ anywhere). */
    private static String anchorLikeGrep(String pattern) {
        boolean anchoredStart = pattern.startsWith("^");
        String body = anchoredStart ? pattern.substring(1) : pattern;
        boolean anchoredEnd = body.endsWith("$") && !body.endsWith("\\$");
        if (anchoredEnd) {
            body = body.substring(0, body.length() - 1);
        }
        return (anchoredStart ? "" : ".*") + body + (anchoredEnd ? "" : ".*");
    }

    private long longOf(String field, String text) throws ParseException {
        if (schema.typeOf(field) == LogSchema.Type.DATE) {
            Matcher math = DATE_MATH.matcher(text);
            if (math.matches()) {
                if (math.group(1) == null) {
                    return nowMillis;
                }
                long unit;
                switch (math.group(3)) {
                    case "s": unit = 1_000L; break;
                    case "m": unit = 60_000L; break;
                    case "h": unit = 3_600_000L; break;
                    case "d": unit = 86_400_000L; break;
                    default: unit = 7 * 86_400_000L; break;
                }
                long amount = Long.parseLong(math.group(2)) * unit;
                return math.group(1).equals("-") ? nowMillis - amount : nowMillis + amount;
            }
            try {
                return Instant.parse(text).toEpochMilli();
            } catch (java.time.DateTimeException notADate) {
                throw new ParseException(field + ": '" + text + "' is not a date");
            }
        }
        try {
            return (long) Double.parseDouble(text);
        } catch (NumberFormatException notANumber) {
            throw new ParseException(field + " is a numeric field and '" + text + "' is not a number");
        }
    }

    private static double doubleOf(String field, String text) throws ParseException {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException notANumber) {
            throw new ParseException(field + " is a numeric field and '" + text + "' is not a number");
        }
    }
}
