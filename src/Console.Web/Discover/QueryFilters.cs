using System.Text;

namespace Console.Web.Discover;

/// <summary>Builds the clauses the field sidebar's <c>+</c> and <c>−</c> buttons add to the query.</summary>
public static class QueryFilters
{
    /// <summary><paramref name="query"/> narrowed to events whose <paramref name="field"/> is (or, negated, is not) <paramref name="value"/>.</summary>
    public static string Add(string query, string field, string value, bool negate)
    {
        var clause = $"{Escape(field)}:{Quote(value)}";
        if (negate)
        {
            clause = "NOT " + clause;
        }

        return string.IsNullOrWhiteSpace(query) ? clause : $"({query.Trim()}) AND {clause}";
    }

    /// <summary>A value as a quoted Lucene phrase: backslashes and quotes escaped, so any value is matched exactly.</summary>
    public static string Quote(string value)
    {
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                quoted.Append('\\');
            }

            quoted.Append(c);
        }

        return quoted.Append('"').ToString();
    }

    /// <summary>A field name with Lucene's special characters escaped (dots and @ are fine as they are).</summary>
    public static string Escape(string field)
    {
        var escaped = new StringBuilder(field.Length);
        foreach (var c in field)
        {
            if (c is ' ' or ':' or '\\' or '(' or ')' or '[' or ']' or '{' or '}' or '"' or '/' or '+' or '-' or '!' or '^' or '~' or '*' or '?' or '&' or '|')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
