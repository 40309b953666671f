using System.ComponentModel.DataAnnotations;

namespace Console.Ingest.Parsing.Grok;

/// <summary>The <c>Ingest:Grok</c> settings: where custom patterns live, how long a match may take, configured grok parsers.</summary>
public sealed class GrokOptions : IValidatableObject
{
    public const string Section = "Ingest:Grok";

    /// <summary>What the parser named <c>grok</c> tries when <see cref="Match"/> is empty: an ISO time and a level, or a syslog line.</summary>
    public static IReadOnlyList<string> DefaultMatch { get; } = ["%{GENERIC_LOG}", "%{SYSLOGLINE}"];

    /// <summary>
    /// A folder of pattern files loaded over the built-in ones (a name defined there replaces the built-in). Relative to
    /// the application's folder, where the build copies the built-in files, so editing them there takes effect at the
    /// next start; empty for the built-ins alone (they are also embedded in the assembly).
    /// </summary>
    public string? PatternsPath { get; set; } = "patterns";

    /// <summary>How long one expression may run on one event before the event is kept unparsed and tagged <c>_groktimeout</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan MatchTimeout { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Expressions of the parser named <c>grok</c>, tried in order; empty means <see cref="DefaultMatch"/>.</summary>
    public List<string> Match { get; set; } = [];

    /// <summary>More grok parsers, by the name sources refer to.</summary>
    public Dictionary<string, GrokParserDefinition> Parsers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The built-in patterns with the folder's files over them.</summary>
    /// <exception cref="GrokPatternException">A malformed line in a pattern file.</exception>
    public GrokPatternLibrary LoadPatterns() =>
        ResolvedPatternsPath() is { } folder ? GrokPatternLibrary.BuiltIn.WithDirectory(folder) : GrokPatternLibrary.BuiltIn;

    internal string? ResolvedPatternsPath() =>
        string.IsNullOrWhiteSpace(PatternsPath) ? null : Path.GetFullPath(PatternsPath, AppContext.BaseDirectory);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var errors = new List<ValidationResult>();
        var folder = ResolvedPatternsPath();
        if (folder is not null && !Directory.Exists(folder))
        {
            errors.Add(new ValidationResult($"{Section}:PatternsPath: the folder {folder} does not exist", [nameof(PatternsPath)]));
            return errors;
        }

        GrokPatternLibrary patterns;
        try
        {
            patterns = LoadPatterns();
            patterns.Validate();
        }
        catch (Exception error) when (error is GrokPatternException or IOException or UnauthorizedAccessException)
        {
            errors.Add(new ValidationResult($"{Section}:PatternsPath: {error.Message}", [nameof(PatternsPath)]));
            return errors;
        }

        CheckExpressions(patterns, $"{Section}:Match", Match, nameof(Match), errors);
        foreach (var (name, parser) in Parsers)
        {
            var key = $"{Section}:Parsers:{name}";
            if (ParserRegistry.BuiltInNames.Contains(name, StringComparer.Ordinal) || name == ParserRegistry.GrokParserName)
            {
                errors.Add(new ValidationResult($"{key}: '{name}' is the name of a built-in parser", [nameof(Parsers)]));
            }

            if (parser.Match.Count == 0)
            {
                errors.Add(new ValidationResult($"{key}:Match: a grok parser needs at least one expression", [nameof(Parsers)]));
            }

            if (string.IsNullOrWhiteSpace(parser.Field))
            {
                errors.Add(new ValidationResult($"{key}:Field: name the field to match (usually message)", [nameof(Parsers)]));
            }

            CheckExpressions(patterns, $"{key}:Match", parser.Match, nameof(Parsers), errors);
        }

        return errors;
    }

    private static void CheckExpressions(GrokPatternLibrary patterns, string key, List<string> expressions, string member, List<ValidationResult> errors)
    {
        for (var i = 0; i < expressions.Count; i++)
        {
            try
            {
                GrokExpression.Validate(expressions[i], patterns);
            }
            catch (GrokPatternException error)
            {
                errors.Add(new ValidationResult($"{key}:{i}: {error.Message}", [member]));
            }
        }
    }
}
