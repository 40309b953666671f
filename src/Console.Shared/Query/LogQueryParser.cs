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
        // QueryParser.Parse wraps the grammar's own exception, which holds the token it stopped at.
        var next = (ex.InnerException as ParseException ?? ex).CurrentToken?.Next;
        if (next is not null)
        {
            // Columns are 1-based; the end of input is reported at the last character, we report it after.
            var position = next.Kind == 0 ? text.Length : Math.Clamp(next.BeginColumn - 1, 0, text.Length);
            var what = next.Kind == 0 ? "unexpected end of query" : $"unexpected '{next.Image}'";
            return new QuerySyntaxException($"{what} at position {position}", position, ex);
        }

        // Lexical errors (an unclosed quote, a lone backslash) say the column they gave up at and the text of the
        // token they were reading: the token began where the user has to look.
        var lexical = LexicalError().Match(ex.Message);
        if (!lexical.Success)
        {
            return new QuerySyntaxException("syntax error", null, ex);
        }

        var column = int.Parse(lexical.Groups[1].Value, CultureInfo.InvariantCulture) - 1;
        var start = Math.Clamp(column - Unescape(lexical.Groups[2].Value).Length, 0, text.Length);
        var reason = start < text.Length && text[start] == '"' ? "unterminated quote" : "unterminated term, regular expression or escape";
        return new QuerySyntaxException($"{reason} at position {start}", start, ex);
    }

    private static string Unescape(string javaString) => javaString.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    [GeneratedRegex(@"column (\d+)\.\s+Encountered: .*? after : ""(.*)""", RegexOptions.Singleline)]
    private static partial Regex LexicalError();
}
