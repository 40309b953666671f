using Console.Ingest.Decoding;
using Console.Ingest.Parsing;
using Console.Ingest.Parsing.Grok;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Console.Ingest;

public static class ConsoleIngestExtensions
{
    /// <summary>Registers the ingest pipeline's stages (the NDJSON decoder behind <c>POST /api/ingest</c>, the parsers).</summary>
    public static IServiceCollection AddConsoleIngest(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NdjsonDecoderOptions>()
            .Bind(configuration.GetSection(NdjsonDecoderOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<NdjsonDecoder>();

        // Bad pattern files or expressions stop the process at start with the pattern's name, not at the first event.
        services.AddOptions<GrokOptions>()
            .Bind(configuration.GetSection(GrokOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ParserRegistry>();
        return services;
    }
}
