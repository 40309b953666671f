using Console.Ingest.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Console.Ingest.Sources.Gelf;

public static class GelfReceiverExtensions
{
    /// <summary>Registers the GELF receiver as a hosted service with its <c>Ingest:Gelf</c> settings, checked at start.</summary>
    public static IServiceCollection AddGelfReceiver(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GelfReceiverOptions>()
            .Bind(configuration.GetSection(GelfReceiverOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IngestStats>();
        services.TryAddSingleton<GelfReceiver>();
        services.AddHostedService(sp => sp.GetRequiredService<GelfReceiver>());
        return services;
    }
}
