using Console.Ingest.Parsing;
using Console.Ingest.Parsing.Grok;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Tests.Support;

/// <summary>Registries as the console builds them (default settings: built-ins plus the copy in the output's patterns/).</summary>
public static class TestParsers
{
    private static readonly Lazy<ParserRegistry> Shared = new(() => Registry());

    /// <summary>One registry for all tests that need no special clock or settings, so each regex is compiled once per run.</summary>
    public static ParserRegistry Default => Shared.Value;

    public static ParserRegistry Registry(TimeProvider? clock = null, Action<GrokOptions>? configure = null)
    {
        var options = new GrokOptions();
        configure?.Invoke(options);
        return new ParserRegistry(Options.Create(options), clock ?? TimeProvider.System);
    }
}
