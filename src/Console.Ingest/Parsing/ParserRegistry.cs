using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Console.Ingest.Parsing.Grok;
using Console.Ingest.Sources.Syslog;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Parsing;

/// <summary>
/// The parsers by the names sources and pipeline files use: the built-in formats of the platform, the generic
/// <c>grok</c> parser (<c>Ingest:Grok:Match</c>) and any configured in <c>Ingest:Grok:Parsers</c>. A parser's regexes are
/// compiled on first use, so start-up pays only for the formats in use; parsers are thread-safe and shared.
/// </summary>
public sealed class ParserRegistry
{
    public const string GrokParserName = "grok";

    private readonly FrozenDictionary<string, Lazy<ILogParser>> _parsers;
    private readonly ConcurrentDictionary<string, ILogParser> _alternatives = new(StringComparer.Ordinal);

    public ParserRegistry(IOptions<GrokOptions> options, TimeProvider clock)
        : this(options, clock, new SyslogMessageParser(clock))
    {
    }

    public ParserRegistry(IOptions<GrokOptions> options, TimeProvider clock, SyslogMessageParser syslog)
    {
        var settings = options.Value;
        var patterns = settings.LoadPatterns();
        var timeout = settings.MatchTimeout;
        Patterns = patterns;

        var factories = new Dictionary<string, Func<ILogParser>>(StringComparer.Ordinal)
        {
            [NginxAccessParser.ParserName] = () => new NginxAccessParser(patterns, timeout),
            [NginxErrorParser.ParserName] = () => new NginxErrorParser(patterns, timeout),
            [DjangoParser.ParserName] = () => new DjangoParser(patterns, timeout),
            [DjangoRequestsParser.ParserName] = () => new DjangoRequestsParser(patterns, timeout),
            [DjangoAuditParser.ParserName] = () => new DjangoAuditParser(patterns, timeout),
            [PostgresqlParser.ParserName] = () => new PostgresqlParser(patterns, timeout),
            [RedisParser.ParserName] = () => new RedisParser(patterns, timeout, clock),
            [CeleryParser.ParserName] = () => new CeleryParser(patterns, timeout),
            [GunicornParser.ParserName] = () => new GunicornParser(patterns, timeout),
            [JsonLineParser.ParserName] = () => new JsonLineParser(),
            [SyslogLineParser.ParserName] = () => new SyslogLineParser(syslog),
        };

        var generic = new GrokParserDefinition { Match = settings.Match.Count > 0 ? settings.Match : [.. GrokOptions.DefaultMatch] };
        factories[GrokParserName] = () => new GrokParser(GrokParserName, generic, patterns, timeout, clock);
        foreach (var (name, definition) in settings.Parsers)
        {
            factories[name] = () => new GrokParser(name, definition, patterns, timeout, clock);
        }

        _parsers = factories.ToFrozenDictionary(f => f.Key, f => new Lazy<ILogParser>(f.Value), StringComparer.Ordinal);
    }

    /// <summary>The names of the platform's own formats (the registry also holds <c>grok</c> and the configured ones).</summary>
    public static IReadOnlyList<string> BuiltInNames { get; } =
    [
        NginxAccessParser.ParserName, NginxErrorParser.ParserName, DjangoParser.ParserName, DjangoRequestsParser.ParserName,
        DjangoAuditParser.ParserName, PostgresqlParser.ParserName, RedisParser.ParserName, CeleryParser.ParserName,
        GunicornParser.ParserName, JsonLineParser.ParserName, SyslogLineParser.ParserName,
    ];

    /// <summary>The pattern library the parsers were built from (built-ins plus <c>Ingest:Grok:PatternsPath</c>).</summary>
    public GrokPatternLibrary Patterns { get; }

    public IReadOnlyCollection<string> Names => _parsers.Keys;

    /// <summary>
    /// The parser of that name; <c>a|b</c> names a parser that tries <c>a</c>, then <c>b</c> (see
    /// <see cref="FirstMatchParser"/>), and exists when each of its parts does.
    /// </summary>
    public bool TryGet(string name, [NotNullWhen(true)] out ILogParser? parser)
    {
        parser = _parsers.TryGetValue(name, out var lazy) ? lazy.Value
            : name.Contains(FirstMatchParser.Separator, StringComparison.Ordinal) ? Alternatives(name)
            : null;
        return parser is not null;
    }

    private ILogParser? Alternatives(string name)
    {
        if (_alternatives.TryGetValue(name, out var known))
        {
            return known;
        }

        var parts = name.Split(FirstMatchParser.Separator, StringSplitOptions.TrimEntries);
        var parsers = new List<ILogParser>(parts.Length);
        foreach (var part in parts)
        {
            if (!_parsers.TryGetValue(part, out var lazy))
            {
                return null;
            }

            parsers.Add(lazy.Value);
        }

        // Only names from the settings get here, so the cache stays as small as the configuration.
        return _alternatives.GetOrAdd(name, new FirstMatchParser(name, parsers));
    }

    /// <exception cref="KeyNotFoundException">No parser has that name; the message lists the names there are.</exception>
    public ILogParser Get(string name) => TryGet(name, out var parser)
        ? parser
        : throw new KeyNotFoundException($"There is no parser named '{name}'; there are: {string.Join(", ", Names.Order(StringComparer.Ordinal))}");
}
