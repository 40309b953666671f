using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Console.Shared.Events;

namespace Console.Ingest.Parsing.Grok;

/// <summary>
/// A grok expression compiled once into a .NET <see cref="System.Text.RegularExpressions.Regex"/>, with the table that
/// maps its groups to fields. Thread-safe: one instance serves every event on every thread.
/// </summary>
public sealed class GrokExpression
{
    private readonly WriteStep[] _writes;
    private readonly Dictionary<string, int[]> _groupsByField;

    private GrokExpression(string expression, Regex regex, IReadOnlyList<GrokCapture> captures)
    {
        Expression = expression;
        Regex = regex;
        Captures = captures;
        _writes = captures.Where(c => c.Written)
            .Select(c => new WriteStep(c.GroupNumber, [.. c.Path], c.Type, c.Path is [LogSchema.Message]))
            .ToArray();
        _groupsByField = captures.GroupBy(c => c.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(c => c.GroupNumber).ToArray(), StringComparer.Ordinal);
    }

    public string Expression { get; }

    /// <summary>The .NET regex the expression became (every %{...} expanded), for diagnostics.</summary>
    public Regex Regex { get; }

    public IReadOnlyList<GrokCapture> Captures { get; }

    /// <summary>Compiles <paramref name="expression"/> against <paramref name="patterns"/>.</summary>
    /// <param name="matchTimeout">How long one match may run; a longer one ends as <see cref="ParseOutcome.TimedOut"/>.</param>
    /// <param name="callerFields">Captures the caller reads itself through <see cref="Field"/> (a time to convert, a level
    /// to normalise); <see cref="Apply"/> leaves them out of the event.</param>
    /// <exception cref="GrokPatternException">An unknown or cyclic pattern reference, or an invalid regex, naming the pattern at fault.</exception>
    public static GrokExpression Compile(
        string expression, GrokPatternLibrary patterns, TimeSpan matchTimeout, IEnumerable<string>? callerFields = null) =>
        Build(expression, patterns, matchTimeout, callerFields, RegexOptions.Compiled);

    /// <summary>Checks that an expression can be compiled, without paying for IL generation (start-up validation).</summary>
    internal static void Validate(string expression, GrokPatternLibrary patterns, string? patternName = null) =>
        Build(expression, patterns, Regex.InfiniteMatchTimeout, null, RegexOptions.None, patternName);

    private static GrokExpression Build(
        string expression, GrokPatternLibrary patterns, TimeSpan matchTimeout, IEnumerable<string>? callerFields,
        RegexOptions extra, string? patternName = null)
    {
        var translation = GrokTranslator.Translate(expression, patterns, patternName);
        var options = RegexOptions.CultureInvariant | RegexOptions.Multiline | extra |
                      (translation.UsesNumberedGroups ? RegexOptions.None : RegexOptions.ExplicitCapture);
        Regex regex;
        try
        {
            regex = new Regex(translation.Pattern, options, matchTimeout);
        }
        catch (ArgumentException error)
        {
            throw Explain(patternName ?? expression, translation, patterns, error);
        }

        var unwritten = new HashSet<string>(callerFields ?? [], StringComparer.Ordinal);
        var captures = translation.Captures
            .Select(c => new GrokCapture(c.Field, c.Path, c.Type, regex.GroupNumberFromName(c.GroupName), !unwritten.Contains(c.Field)))
            .ToList();
        return new GrokExpression(expression, regex, captures);
    }

    /// <summary>Runs the expression over <paramref name="input"/>; never throws for a slow match, it reports it.</summary>
    public ParseOutcome Match(string input, out Match match) => Match(input, 0, input.Length, out match);

    /// <summary>Runs the expression over part of <paramref name="input"/> (\A and ^ anchor at <paramref name="beginning"/>), without copying it.</summary>
    public ParseOutcome Match(string input, int beginning, int length, out Match match)
    {
        // The time limit is wall-clock time. The first match of a compiled regex includes JIT-compiling it (40-150 ms
        // on a busy 2-core host), and a GC pause or a descheduled thread can stretch any match, so a timeout is retried
        // once; a pattern that really backtracks out of control times out again and costs twice the limit.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                match = Regex.Match(input, beginning, length);
                return match.Success ? ParseOutcome.Parsed : ParseOutcome.Failed;
            }
            catch (RegexMatchTimeoutException) when (attempt < 2)
            {
            }
            catch (RegexMatchTimeoutException)
            {
                match = System.Text.RegularExpressions.Match.Empty;
                return ParseOutcome.TimedOut;
            }
        }
    }

    /// <summary>
    /// Writes every capture that took part in <paramref name="match"/> into <paramref name="target"/> (nested objects for
    /// dotted names). Empty captures are skipped, as Logstash does by default. A capture overwrites an existing field
    /// (Logstash would make an array); when it overwrites <c>message</c>, the raw text is kept in <c>event.original</c>.
    /// </summary>
    public void Apply(Match match, JsonObject target)
    {
        foreach (var step in _writes)
        {
            var group = match.Groups[step.Group];
            if (!group.Success || group.Length == 0)
            {
                continue;
            }

            if (step.IsMessage)
            {
                EventFields.KeepOriginal(target);
            }

            EventFields.Set(target, step.Path, Convert(group, step.Type));
        }
    }

    /// <summary>
    /// A handle for reading one field's capture from a match (see <see cref="GrokField"/>). When the expression has no
    /// such capture the handle never finds a value, so a custom pattern that replaces a built-in may leave fields out.
    /// </summary>
    public GrokField Field(string name) => new(_groupsByField.TryGetValue(name, out var groups) ? groups : []);

    public bool HasField(string name) => _groupsByField.ContainsKey(name);

    public override string ToString() => Expression;

    private static JsonValue Convert(Group group, GrokCaptureType type)
    {
        // A value that does not convert stays text rather than becoming a made-up 0 (Logstash's to_i would).
        switch (type)
        {
            case GrokCaptureType.Int when long.TryParse(group.ValueSpan, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number):
                return JsonValue.Create(number);
            case GrokCaptureType.Float when double.TryParse(group.ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real):
                return JsonValue.Create(real);
            default:
                return JsonValue.Create(group.Value);
        }
    }

    private static GrokPatternException Explain(
        string owner, GrokTranslator.Translation translation, GrokPatternLibrary patterns, ArgumentException error)
    {
        // The regex error is about the whole expansion; find the referenced pattern that is itself broken (one whose own
        // references are all fine) so the message names the line to fix.
        var broken = new Dictionary<string, (GrokTranslator.Translation Translation, ArgumentException Error)>(StringComparer.Ordinal);
        foreach (var name in translation.ReferencedPatterns)
        {
            if (!patterns.TryGetDefinition(name, out var definition))
            {
                continue;
            }

            var own = GrokTranslator.Translate(definition, patterns, name);
            try
            {
                _ = new Regex(own.Pattern, RegexOptions.CultureInvariant | RegexOptions.Multiline);
            }
            catch (ArgumentException ownError)
            {
                broken[name] = (own, ownError);
            }
        }

        foreach (var (name, (own, ownError)) in broken)
        {
            if (!own.ReferencedPatterns.Any(broken.ContainsKey))
            {
                return new GrokPatternException(name, GrokTranslator.Describe(ownError), ownError);
            }
        }

        return new GrokPatternException(owner, GrokTranslator.Describe(error), error);
    }

    private readonly record struct WriteStep(int Group, string[] Path, GrokCaptureType Type, bool IsMessage);
}
