using System.Text;
using System.Text.RegularExpressions;
using Console.Ingest.Pipeline;

namespace Console.Ingest.Sources.Files;

/// <summary>An input's settings turned into what reading needs: globs, encoding, the compiled multi-line pattern, counters.</summary>
internal sealed class FileInput
{
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(250);

    public FileInput(FileInputOptions options, IngestStats stats)
    {
        Options = options;
        SourceName = "file:" + options.Name;
        Globs = options.Paths.Select(p => new FileGlob(p)).ToList();
        Encoding = CreateEncoding(options.Encoding);
        IsDockerJson = string.Equals(options.Format, FileInputOptions.DockerJsonFormat, StringComparison.OrdinalIgnoreCase);
        MultilinePattern = options.Multiline is { } multiline ? CreatePattern(multiline.Pattern) : null;
        Excludes = options.ExcludeFiles.Select(CreatePattern).ToList();
        Counters = stats.Input(SourceName);
    }

    public FileInputOptions Options { get; }

    public string Name => Options.Name;

    /// <summary><c>file:</c> and the name: the record's <see cref="IngestRecord.Input"/> and the stats key.</summary>
    public string SourceName { get; }

    public IReadOnlyList<FileGlob> Globs { get; }

    public Encoding Encoding { get; }

    public bool IsDockerJson { get; }

    public Regex? MultilinePattern { get; }

    public IReadOnlyList<Regex> Excludes { get; }

    public ComponentCounters Counters { get; }

    public bool IsExcluded(string path) => Excludes.Any(e => e.IsMatch(path));

    public MultilineAggregator? NewAggregator() =>
        MultilinePattern is { } pattern ? new MultilineAggregator(pattern, Options.Multiline!) : null;

    /// <summary>Throws <see cref="ArgumentException"/> with the reason when the pattern is not a valid .NET regex.</summary>
    public static Regex CreatePattern(string pattern) =>
        new(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant, PatternTimeout);

    /// <summary>
    /// Throws <see cref="ArgumentException"/> for unknown encodings and for those (UTF-16, UTF-32) that do not write a
    /// newline as the single byte 0x0A, because lines are split on that byte before decoding.
    /// </summary>
    public static Encoding CreateEncoding(string name)
    {
        var encoding = Encoding.GetEncoding(name, EncoderFallback.ReplacementFallback, DecoderFallback.ReplacementFallback);
        if (!encoding.GetBytes("\r\n").AsSpan().SequenceEqual("\r\n"u8))
        {
            throw new ArgumentException($"encoding '{name}' does not write a newline as the byte 0x0A; use utf-8, latin1 or ascii");
        }

        return encoding;
    }
}
