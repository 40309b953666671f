using System.Text.RegularExpressions;

namespace Console.Web.Discover;

/// <summary>
/// The words of a query that search the message (bare words, <c>message:word</c>, <c>message:"a phrase"</c>), and
/// where they occur in a message, so the document table can mark them. Wildcards, regexes, ranges and other fields are
/// not marked: what they matched is not a word in the message.
/// </summary>
public static partial class HighlightTerms
{
    private static readonly System.Buffers.SearchValues<char> NotAWord = System.Buffers.SearchValues.Create("*?/[]{}~^\\");
    private static readonly HashSet<string> Operators = new(StringComparer.Ordinal) { "AND", "OR", "NOT", "TO", "&&", "||" };

    /// <summary>The message words of <paramref name="query"/>, longest first (so a phrase wins over a word inside it).</summary>
    public static IReadOnlyList<string> From(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return [];
        }

        var terms = new List<string>();
        // A regular expression's words are not words of the message; drop it whole, spaces and all.
        foreach (Match match in Clause().Matches(RegexLiteral().Replace(query, " ")))
        {
            var field = match.Groups["field"].Success ? match.Groups["field"].Value : null;
            var value = match.Groups["value"].Value.TrimStart('+', '-');
            if ((field is not null && field != "message") || Operators.Contains(value) || value.Length == 0 || value.AsSpan().IndexOfAny(NotAWord) >= 0)
            {
                continue;
            }

            var word = value.Trim('"');
            if (word.Length > 0)
            {
                terms.Add(word);
            }
        }

        return terms.Distinct(StringComparer.OrdinalIgnoreCase).OrderByDescending(t => t.Length).ToList();
    }

    /// <summary><paramref name="text"/> cut into runs, each marked or not, ignoring case; the runs join back into the text.</summary>
    public static IEnumerable<(string Text, bool Marked)> Split(string text, IReadOnlyList<string> terms)
    {
        var at = 0;
        while (at < text.Length && terms.Count > 0)
        {
            var (start, length) = (-1, 0);
            foreach (var term in terms)
            {
                var found = text.IndexOf(term, at, StringComparison.OrdinalIgnoreCase);
                if (found >= 0 && (start < 0 || found < start))
                {
                    (start, length) = (found, term.Length);
                }
            }

            if (start < 0)
            {
                break;
            }

            if (start > at)
            {
                yield return (text[at..start], false);
            }

            yield return (text.Substring(start, length), true);
            at = start + length;
        }

        if (at < text.Length)
        {
            yield return (text[at..], false);
        }
    }

    [GeneratedRegex("""/(?:[^/\\]|\\.)*/""")]
    private static partial Regex RegexLiteral();

    [GeneratedRegex("""(?:(?<field>[\w.@]+):\s*)?(?<value>[+-]?"[^"]*"|[^\s()"]+)""")]
    private static partial Regex Clause();
}
