using System.Globalization;
using System.Text.RegularExpressions;
using Console.Shared.Events;
using Lucene.Net.Analysis;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;

namespace Console.Shared.Query;

/// <summary>
/// Parses the Lucene query syntax Kibana users type (the seed's "Searching Logs" examples) into a Lucene <see cref="Query"/>
/// that knows the schema: keywords match case-insensitively, numbers and dates get real ranges, dates take date math,
/// a regular expression on <c>message</c> runs over the whole raw message, and bare words search <c>message</c>.
/// </summary>
public static partial class LogQueryParser
{
    /// <summary>Parses <paramref name="text"/>; an empty query matches every event.</summary>
    /// <exception cref="QuerySyntaxException">The query cannot be parsed or names a value its field cannot hold.</exception>
    public static Lucene.Net.Search.Query Parse(string? text, IFieldTypes fields, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new MatchAllDocsQuery();
        }

        var parser = new SchemaQueryParser(text, fields, now);
        try
        {
            return parser.Parse(text);
        }
        catch (ParseException ex)
        {
            throw Describe(ex, text);
        }
        catch (BooleanQuery.TooManyClausesException ex)
        {
            throw new QuerySyntaxException($"the query expands to more than {BooleanQuery.MaxClauseCount} terms; narrow the wildcard or range", null, ex);
        }
    }

    /// <summary>The analyzer for text fields: Elasticsearch's standard analyzer (Unicode word breaks, lower case, no stop words).</summary>
    public static Analyzer CreateTextAnalyzer() =>
        new Lucene.Net.Analysis.Standard.StandardAnalyzer(Lucene.Net.Util.LuceneVersion.LUCENE_48, Lucene.Net.Analysis.Util.CharArraySet.Empty);

    private static QuerySyntaxException Describe(ParseException ex, string text)
    {
        var next = ex.CurrentToken?.Next;
        if (next is not null)
        {
            var position = Math.Max(0, Math.Min(text.Length, next.BeginColumn - 1));
            var what = next.Kind == 0 ? "unexpected end of query" : $"unexpected '{next.Image}'";
            return new QuerySyntaxException($"{what} at position {position}", position, ex);
        }

        // Lexical errors (an unclosed quote, a lone backslash) only say where in the message.
        var column = ColumnInMessage().Match(ex.Message);
        int? at = column.Success ? Math.Max(0, int.Parse(column.Groups[1].Value, CultureInfo.InvariantCulture) - 1) : null;
        var reason = ex.Message.Contains("<EOF>", StringComparison.Ordinal) || ex.Message.Contains("Lexical error", StringComparison.Ordinal)
            ? "unterminated quote, range or escape"
            : "syntax error";
        return new QuerySyntaxException(at is null ? reason : $"{reason} at position {at}", at, ex);
    }

    [GeneratedRegex(@"column (\d+)")]
    private static partial Regex ColumnInMessage();
}
