using System.Diagnostics.CodeAnalysis;

namespace Console.Ingest.Parsing.Grok;

/// <summary>
/// Named grok patterns (<c>NAME regex</c>, as in Logstash's pattern files). Immutable: adding definitions returns a new
/// library, a later definition of a name replacing the earlier one, so custom files override the built-ins.
/// References between patterns are resolved when an expression is compiled, so files may refer to each other in any order.
/// </summary>
public sealed class GrokPatternLibrary
{
    private const string ResourcePrefix = "grok-patterns/";

    private static readonly Lazy<GrokPatternLibrary> BuiltInLibrary = new(LoadBuiltIn);

    private readonly Dictionary<string, Definition> _definitions;

    private GrokPatternLibrary(Dictionary<string, Definition> definitions) => _definitions = definitions;

    public static GrokPatternLibrary Empty { get; } = new(new Dictionary<string, Definition>(StringComparer.Ordinal));

    /// <summary>The patterns shipped in the repository's <c>patterns/</c> folder (grok-base, thebot), embedded in the assembly.</summary>
    public static GrokPatternLibrary BuiltIn => BuiltInLibrary.Value;

    public IReadOnlyCollection<string> Names => _definitions.Keys;

    public bool TryGetDefinition(string name, [MaybeNullWhen(false)] out string regex)
    {
        regex = _definitions.TryGetValue(name, out var definition) ? definition.Regex : null;
        return regex is not null;
    }

    /// <summary>Where a pattern was defined (<c>thebot:42</c>), for messages.</summary>
    public string? SourceOf(string name) => _definitions.TryGetValue(name, out var definition) ? definition.Source : null;

    public GrokPatternLibrary With(string name, string regex, string source = "code")
    {
        if (!IsPatternName(name))
        {
            throw new GrokPatternException(name, "is not a pattern name (letters, digits and _, not starting with a digit)");
        }

        var copy = new Dictionary<string, Definition>(_definitions, StringComparer.Ordinal) { [name] = new Definition(regex, source) };
        return new GrokPatternLibrary(copy);
    }

    /// <summary>Adds the definitions of a pattern file's text: <c>NAME regex</c> per line, <c>#</c> comments, blank lines.</summary>
    public GrokPatternLibrary WithDefinitions(string text, string source)
    {
        var copy = new Dictionary<string, Definition>(_definitions, StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var split = line.AsSpan().IndexOfAny(' ', '\t');
            var where = $"{source}:{lineNumber}";
            if (split < 0)
            {
                throw new GrokPatternException(line, $"has no regex after its name ({where})");
            }

            var name = line[..split];
            if (!IsPatternName(name))
            {
                throw new GrokPatternException(name, $"is not a pattern name (letters, digits and _, not starting with a digit) ({where})");
            }

            copy[name] = new Definition(line[split..].TrimStart(), where);
        }

        return new GrokPatternLibrary(copy);
    }

    public GrokPatternLibrary WithFile(string path) => WithDefinitions(File.ReadAllText(path), Path.GetFileName(path));

    /// <summary>Adds every pattern file of a folder, in name order (hidden and backup files skipped).</summary>
    public GrokPatternLibrary WithDirectory(string path)
    {
        var library = this;
        foreach (var file in Directory.EnumerateFiles(path).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            if (!name.StartsWith('.') && !name.EndsWith('~'))
            {
                library = library.WithFile(file);
            }
        }

        return library;
    }

    /// <inheritdoc cref="GrokExpression.Compile"/>
    public GrokExpression Compile(string expression, TimeSpan matchTimeout, IEnumerable<string>? callerFields = null) =>
        GrokExpression.Compile(expression, this, matchTimeout, callerFields);

    /// <summary>Checks that every pattern expands and is a valid regex, so a bad file stops start-up with the pattern's name.</summary>
    /// <exception cref="GrokPatternException">The first pattern that cannot be used.</exception>
    public void Validate()
    {
        foreach (var name in _definitions.Keys.Order(StringComparer.Ordinal))
        {
            try
            {
                GrokExpression.Validate(_definitions[name].Regex, this, name);
            }
            catch (GrokPatternException error) when (SourceOf(error.PatternName) is { } where)
            {
                // Name the file and line of the pattern at fault, which may be one this pattern refers to.
                throw new GrokPatternException(error.PatternName, $"{error.Reason} ({where})", error.InnerException);
            }
        }
    }

    internal static bool IsPatternName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static GrokPatternLibrary LoadBuiltIn()
    {
        var assembly = typeof(GrokPatternLibrary).Assembly;
        var library = Empty;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            library = library.WithDefinitions(reader.ReadToEnd(), resource[ResourcePrefix.Length..]);
        }

        return library;
    }

    private sealed record Definition(string Regex, string Source);
}
