using Console.Ingest.Decoding;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Console.Ingest;

public static class ConsoleIngestExtensions
{
    /// <summary>Registers the ingest pipeline's stages (for now the NDJSON decoder behind <c>POST /api/ingest</c>).</summary>
    public static IServiceCollection AddConsoleIngest(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NdjsonDecoderOptions>()
            .Bind(configuration.GetSection(NdjsonDecoderOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<NdjsonDecoder>();
        return services;
    }
}
