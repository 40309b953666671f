using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Console.Ingest.Parsing.Grok;

/// <summary>
/// Rewrites a grok expression into one .NET pattern. Every capture, <c>%{NAME:field}</c> or Oniguruma's
/// <c>(?&lt;field&gt;...)</c>, becomes a group named g0, g1, ... because .NET group names cannot hold the dots, brackets
/// and @ that field names use; the capture table maps the groups back to fields.
/// Ruby (Oniguruma) semantics are kept where .NET differs: <c>(?m)</c> means "dot matches newline" (.NET's s),
/// <c>\h</c> is a hex digit, POSIX classes like <c>[[:alpha:]]</c> work, and <see cref="GrokExpression"/> compiles
/// with <see cref="RegexOptions.Multiline"/> because Ruby's ^ and $ are always line anchors.
/// </summary>
internal static class GrokTranslator
{
    public static Translation Translate(string expression, GrokPatternLibrary library, string? patternName = null)
    {
        var state = new State(library);
        if (patternName is not null)
        {
            state.Stack.Add(patternName);
        }

        state.Emit(expression, patternName ?? expression);
        return new Translation(state.Output.ToString(), state.Captures, state.UsesNumberedGroups, state.Referenced);
    }

    /// <summary>Why a translated pattern is not a valid .NET regex, in words ("insufficient closing parentheses at offset 12").</summary>
    public static string Describe(ArgumentException error) => error is RegexParseException parse
        ? $"is not a valid regular expression: {Words(parse.Error.ToString())} at offset {parse.Offset} of its expansion"
        : $"is not a valid regular expression: {error.Message}";

    private static string Words(string pascalCase)
    {
        var text = new StringBuilder(pascalCase.Length + 8);
        foreach (var c in pascalCase)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }

    internal sealed record CaptureSpec(string GroupName, string Field, string[] Path, GrokCaptureType Type);

    internal sealed record Translation(
        string Pattern, IReadOnlyList<CaptureSpec> Captures, bool UsesNumberedGroups, IReadOnlyCollection<string> ReferencedPatterns);

    private sealed class State(GrokPatternLibrary library)
    {
        public StringBuilder Output { get; } = new();

        public List<CaptureSpec> Captures { get; } = [];

        /// <summary>The patterns being expanded, outermost first, for cycle detection and error messages.</summary>
        public List<string> Stack { get; } = [];

        public HashSet<string> Referenced { get; } = new(StringComparer.Ordinal);

        public bool UsesNumberedGroups { get; private set; }

        private Dictionary<string, string> LatestGroupOf { get; } = new(StringComparer.Ordinal);

        public void Emit(string text, string owner)
        {
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                if (c == '\\')
                {
                    i = EmitEscape(text, i, owner);
                }
                else if (c == '[')
                {
                    i = EmitClass(text, i, owner);
                }
                else if (c == '%' && i + 1 < text.Length && text[i + 1] == '{' && TryEmitReference(text, i, owner, out var next))
                {
                    i = next;
                }
                else if (c == '(' && i + 1 < text.Length && text[i + 1] == '?')
                {
                    i = EmitGroupStart(text, i, owner);
                }
                else
                {
                    Output.Append(c);
                    i++;
                }
            }
        }

        private int EmitEscape(string text, int i, string owner)
        {
            if (i + 1 >= text.Length)
            {
                throw new GrokPatternException(owner, "ends with a lone backslash");
            }

            var next = text[i + 1];
            switch (next)
            {
                case 'h':
                    Output.Append("[0-9A-Fa-f]");
                    return i + 2;
                case 'H':
                    Output.Append("[^0-9A-Fa-f]");
                    return i + 2;
                case >= '1' and <= '9':
                    // A numbered backreference needs numbered groups, so ExplicitCapture must stay off.
                    UsesNumberedGroups = true;
                    break;
                case 'k' when i + 2 < text.Length && text[i + 2] is '<' or '\'':
                    return EmitNamedBackreference(text, i, owner);
            }

            Output.Append('\\').Append(next);
            return i + 2;
        }

        private int EmitNamedBackreference(string text, int i, string owner)
        {
            var end = text[i + 2] == '<' ? '>' : '\'';
            var close = text.IndexOf(end, i + 3);
            if (close < 0)
            {
                throw new GrokPatternException(owner, "has an unterminated \\k<name> backreference");
            }

            var name = text[(i + 3)..close];
            if (LatestGroupOf.TryGetValue(name, out var group))
            {
                Output.Append("\\k<").Append(group).Append('>');
            }
            else if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                UsesNumberedGroups = true;
                Output.Append(text, i, close + 1 - i);
            }
            else
            {
                throw new GrokPatternException(owner, $"has a backreference \\k<{name}> to no earlier capture");
            }

            return close + 1;
        }

        private int EmitClass(string text, int i, string owner)
        {
            Output.Append('[');
            var j = i + 1;
            if (j < text.Length && text[j] == '^')
            {
                Output.Append('^');
                j++;
            }

            if (j < text.Length && text[j] == ']')
            {
                // A ] right after [ or [^ is a literal in both dialects; escaped so .NET reads it the same way.
                Output.Append("\\]");
                j++;
            }

            while (j < text.Length)
            {
                var c = text[j];
                if (c == '\\')
                {
                    if (j + 1 >= text.Length)
                    {
                        break;
                    }

                    Output.Append(text[j + 1] == 'h' ? "0-9A-Fa-f" : text.Substring(j, 2));
                    j += 2;
                    continue;
                }

                if (c == '[' && j + 1 < text.Length && text[j + 1] == ':')
                {
                    var close = text.IndexOf(":]", j + 2, StringComparison.Ordinal);
                    if (close > 0)
                    {
                        Output.Append(PosixClass(text[(j + 2)..close], owner));
                        j = close + 2;
                        continue;
                    }
                }

                Output.Append(c);
                j++;
                if (c == ']')
                {
                    return j;
                }
            }

            throw new GrokPatternException(owner, "has an unterminated character class [...]");
        }

        private static string PosixClass(string name, string owner) => name switch
        {
            "alpha" => "a-zA-Z",
            "digit" => "0-9",
            "alnum" => "a-zA-Z0-9",
            "upper" => "A-Z",
            "lower" => "a-z",
            "space" => "\\s",
            "blank" => " \\t",
            "punct" => "!-/:-@\\[-`{-~",
            "xdigit" => "0-9A-Fa-f",
            "word" => "\\w",
            "cntrl" => "\\x00-\\x1F\\x7F",
            "print" => "\\x20-\\x7E",
            "graph" => "\\x21-\\x7E",
            _ => throw new GrokPatternException(owner, $"uses the unknown POSIX class [:{name}:]"),
        };

        private bool TryEmitReference(string text, int i, string owner, out int next)
        {
            next = i;
            var close = text.IndexOf('}', i + 2);
            if (close < 0)
            {
                return false;
            }

            var parts = text[(i + 2)..close].Split(':');
            var name = parts[0];
            if (!GrokPatternLibrary.IsPatternName(name))
            {
                if (name.Contains('=', StringComparison.Ordinal))
                {
                    throw new GrokPatternException(owner, $"uses an inline definition %{{{text[(i + 2)..close]}}}, which is not supported; define the pattern in a patterns file");
                }

                // Not a reference (e.g. the quantifier in "%{2}"): leave it to the regex.
                return false;
            }

            string? field = null;
            var type = GrokCaptureType.String;
            if (parts.Length >= 2)
            {
                field = string.Join(':', parts[1..(parts.Length >= 3 ? ^1 : ^0)]);
                if (field.Length == 0)
                {
                    throw new GrokPatternException(owner, $"has an empty field name in %{{{text[(i + 2)..close]}}}");
                }
            }

            if (parts.Length >= 3)
            {
                type = parts[^1] switch
                {
                    "int" or "long" => GrokCaptureType.Int,
                    "float" or "double" => GrokCaptureType.Float,
                    "string" => GrokCaptureType.String,
                    var other => throw new GrokPatternException(owner, $"asks for the unknown type '{other}' in %{{{text[(i + 2)..close]}}} (int or float)"),
                };
            }

            Expand(name, field, type, owner);
            next = close + 1;
            return true;
        }

        private void Expand(string name, string? field, GrokCaptureType type, string owner)
        {
            if (!library.TryGetDefinition(name, out var definition))
            {
                throw new GrokPatternException(owner, $"refers to %{{{name}}}, which is not defined");
            }

            var cycleStart = Stack.IndexOf(name);
            if (cycleStart >= 0)
            {
                throw new GrokPatternException(name, $"refers to itself: {string.Join(" -> ", Stack.Skip(cycleStart).Append(name))}");
            }

            Referenced.Add(name);
            Output.Append(field is null ? "(?:" : $"(?<{NewCapture(field, type, owner)}>");
            Stack.Add(name);
            Emit(definition, name);
            Stack.RemoveAt(Stack.Count - 1);
            Output.Append(')');
        }

        private int EmitGroupStart(string text, int i, string owner)
        {
            var kind = i + 2 < text.Length ? text[i + 2] : '\0';
            if ((kind == '<' && i + 3 < text.Length && text[i + 3] is not ('=' or '!')) || kind == '\'')
            {
                var close = text.IndexOf(kind == '<' ? '>' : '\'', i + 3);
                if (close < 0)
                {
                    throw new GrokPatternException(owner, "has an unterminated named group (?<name>...");
                }

                Output.Append("(?<").Append(NewCapture(text[(i + 3)..close], GrokCaptureType.String, owner)).Append('>');
                return close + 1;
            }

            // Inline options: Ruby's m is "dot matches newline", which .NET calls s.
            var j = i + 2;
            while (j < text.Length && text[j] is 'i' or 'm' or 's' or 'x' or 'n' or '-')
            {
                j++;
            }

            if (j > i + 2 && j < text.Length && text[j] is ')' or ':')
            {
                Output.Append("(?");
                for (var k = i + 2; k < j; k++)
                {
                    Output.Append(text[k] == 'm' ? 's' : text[k]);
                }

                Output.Append(text[j]);
                return j + 1;
            }

            Output.Append("(?");
            return i + 2;
        }

        private string NewCapture(string field, GrokCaptureType type, string owner)
        {
            if (!FieldPath.TryParse(field, out var path))
            {
                throw new GrokPatternException(owner, $"captures into '{field}', which is not a field name (use a.b or [a][b]; a type goes in %{{PATTERN:field:int}})");
            }

            var group = "g" + Captures.Count.ToString(CultureInfo.InvariantCulture);
            Captures.Add(new CaptureSpec(group, field, path, type));
            LatestGroupOf[field] = group;
            return group;
        }
    }
}
