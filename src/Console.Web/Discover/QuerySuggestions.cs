using Console.Shared.Events;
using Console.Shared.Storage;

namespace Console.Web.Discover;

/// <summary>
/// What the query bar suggests for the token under the caret: field names while a word is typed, and after
/// <c>field:</c> that field's top values; and how a chosen suggestion goes into the query, the rest of it kept.
/// </summary>
public static class QuerySuggestions
{
    /// <summary>Longest suggestion list.</summary>
    public const int MaxSuggestions = 10;

    private static readonly HashSet<string> Operators = new(StringComparer.Ordinal) { "AND", "OR", "NOT", "TO" };

    /// <summary>The token the caret is in or just after; <paramref name="caret"/> null or out of range means the end of the query.</summary>
    public static QueryToken TokenAt(string query, int? caret)
    {
        var at = caret is { } c && c >= 0 && c <= query.Length ? c : query.Length;
        var start = at;
        while (start > 0 && !IsBoundary(query, start - 1))
        {
            start--;
        }

        var end = at;
        while (end < query.Length && !IsBoundary(query, end))
        {
            end++;
        }

        // A leading +, - or ! belongs to the query, not to the field name.
        while (start < end && query[start] is '+' or '-' or '!')
        {
            start++;
        }

        var token = query[start..end];
        var colon = FieldColon(token);
        return colon < 0
            ? new QueryToken(start, end - start, null, token)
            : new QueryToken(start, end - start, token[..colon].Replace("\\", "", StringComparison.Ordinal), token[(colon + 1)..].TrimStart('"'));
    }

    /// <summary>Field names that start with (then contain) what is typed, with their types; none for an operator or an empty word.</summary>
    public static IReadOnlyList<QuerySuggestion> FieldNames(QueryToken token, IReadOnlyList<LogField> fields)
    {
        if (token.Field is not null || token.Text.Length == 0 || Operators.Contains(token.Text) || token.Text.Contains('"', StringComparison.Ordinal))
        {
            return [];
        }

        return fields
            .Where(f => f.Name.Contains(token.Text, StringComparison.OrdinalIgnoreCase) && !LogSchema.IsReserved(f.Name))
            .OrderBy(f => f.Name.StartsWith(token.Text, StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .ThenBy(f => f.Name, StringComparer.Ordinal)
            .Take(MaxSuggestions)
            .Select(f => new QuerySuggestion(f.Name, Field(f.Name) + ":", f.Type))
            .ToList();
    }

    /// <summary>The top values that start with (then contain) what is typed after <c>field:</c>, most frequent first within each group.</summary>
    public static IReadOnlyList<QuerySuggestion> Values(QueryToken token, TopValuesResult top)
    {
        if (token.Field is null)
        {
            return [];
        }

        return top.Values
            .Where(v => v.Value.Contains(token.Text, StringComparison.OrdinalIgnoreCase))
            .OrderBy(v => v.Value.StartsWith(token.Text, StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .Take(MaxSuggestions)
            .Select(v => new QuerySuggestion(v.Value, $"{Field(token.Field)}:{Value(v.Value)}", Count: v.Count))
            .ToList();
    }

    /// <summary>
    /// <paramref name="query"/> with <paramref name="token"/> replaced by <paramref name="insert"/>, and where the caret goes:
    /// after the insertion, and after a space when a value completes the clause at the end of the query.
    /// </summary>
    public static (string Query, int Caret) Apply(string query, QueryToken token, string insert)
    {
        var rest = query[(token.Start + token.Length)..];
        if (!insert.EndsWith(':') && rest.Length == 0)
        {
            insert += " ";
        }

        return (query[..token.Start] + insert + rest, token.Start + insert.Length);
    }

    private static bool IsBoundary(string query, int index) =>
        (char.IsWhiteSpace(query[index]) || query[index] is '(' or ')') && !(index > 0 && query[index - 1] == '\\') && !InsideQuotes(query, index);

    private static bool InsideQuotes(string query, int index)
    {
        var quotes = 0;
        for (var i = 0; i < index; i++)
        {
            if (query[i] == '"' && (i == 0 || query[i - 1] != '\\'))
            {
                quotes++;
            }
        }

        return quotes % 2 == 1;
    }

    /// <summary>The first colon that is not escaped; -1 when there is none.</summary>
    private static int FieldColon(string token)
    {
        for (var i = 0; i < token.Length; i++)
        {
            if (token[i] == '"')
            {
                return -1;
            }

            if (token[i] == ':' && (i == 0 || token[i - 1] != '\\'))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Field(string name) => QueryFilters.Escape(name);

    /// <summary>A plain value as it is (a dash inside a word is part of it for Lucene); anything Lucene would read as syntax, quoted.</summary>
    private static string Value(string value) =>
        value.Length > 0 && char.IsLetterOrDigit(value[0]) && value.All(c => char.IsLetterOrDigit(c) || c is '.' or '_' or '@' or '-')
            ? value
            : QueryFilters.Quote(value);
}
