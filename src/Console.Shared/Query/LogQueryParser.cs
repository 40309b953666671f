using System.Globalization;
using System.Text.RegularExpressions;
using Console.Shared.Events;
using Console.Shared.Query.Limits;
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
    /// <summary>
    /// The limits a query is parsed under when the caller names none: the defaults of <see cref="QueryLimitsOptions"/>,
    /// a fresh copy each time, so no caller can change them for everyone (the options class has setters for binding).
    /// </summary>
    public static QueryLimitsOptions DefaultLimits => new();

    /// <summary>Parses <paramref name="text"/> under the default <see cref="QueryLimitsOptions"/>; an empty query matches every event.</summary>
    /// <exception cref="QuerySyntaxException">The query cannot be parsed or names a value its field cannot hold.</exception>
    /// <exception cref="QueryLimitException">The query goes beyond a limit (a long or explosive regular expression, a leading wildcard, too many clauses).</exception>
    public static Lucene.Net.Search.Query Parse(string? text, IFieldTypes fields, DateTimeOffset now) =>
        Parse(text, fields, now, DefaultLimits);

    /// <summary>Parses <paramref name="text"/> under <paramref name="limits"/>; an empty query matches every event.</summary>
    /// <exception cref="QuerySyntaxException">The query cannot be parsed or names a value its field cannot hold.</exception>
    /// <exception cref="QueryLimitException">The query goes beyond one of <paramref name="limits"/>.</exception>
    public static Lucene.Net.Search.Query Parse(string? text, IFieldTypes fields, DateTimeOffset now, QueryLimitsOptions limits)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new MatchAllDocsQuery();
        }

        // Lucene's own bound is per group of clauses and global; ours counts the whole query, so Lucene's must not be lower.
        if (BooleanQuery.MaxClauseCount < limits.MaxBooleanClauses)
        {
            BooleanQuery.MaxClauseCount = limits.MaxBooleanClauses;
        }

        var parser = new SchemaQueryParser(text, fields, now, limits);
        try
        {
            var query = parser.Parse(text);
            var clauses = CountClauses(query);
            if (clauses > limits.MaxBooleanClauses)
            {
                throw new QueryLimitException($"the query has {clauses} clauses", nameof(QueryLimitsOptions.MaxBooleanClauses), limits.MaxBooleanClauses);
            }

            return query;
        }
        catch (ParseException ex) when (ex.InnerException is not BooleanQuery.TooManyClausesException)
        {
            throw Describe(ex, text);
        }
        catch (Exception ex) when (ex is BooleanQuery.TooManyClausesException || ex.InnerException is BooleanQuery.TooManyClausesException)
        {
            throw new QueryLimitException($"the query has more than {BooleanQuery.MaxClauseCount} clauses in one group",
                nameof(QueryLimitsOptions.MaxBooleanClauses), limits.MaxBooleanClauses);
        }
    }

    /// <summary>Every clause of every boolean query in <paramref name="query"/>, nested ones included (as Elasticsearch counts them).</summary>
    internal static int CountClauses(Lucene.Net.Search.Query query) => query switch
    {
        BooleanQuery boolean => boolean.Clauses.Count + boolean.Clauses.Sum(c => CountClauses(c.Query)),
        _ => 0,
    };

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
