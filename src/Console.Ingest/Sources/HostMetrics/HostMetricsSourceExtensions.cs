using Console.Ingest.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Console.Ingest.Sources.HostMetrics;

public static class HostMetricsSourceExtensions
{
    /// <summary>
    /// Registers the host metrics source as a hosted service with its <c>Ingest:HostMetrics</c> settings, checked at
    /// start. The <see cref="IIngestPipeline"/> it submits to is registered by the pipeline.
    /// </summary>
    public static IServiceCollection AddHostMetricsSource(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HostMetricsOptions>()
            .Bind(configuration.GetSection(HostMetricsOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IngestStats>();
        services.TryAddSingleton<HostMetricsSource>();
        services.AddHostedService(sp => sp.GetRequiredService<HostMetricsSource>());
        return services;
    }
}
