using Console.Ingest.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Console.Ingest.Sources.Syslog;

public static class SyslogReceiverExtensions
{
    /// <summary>
    /// Registers the syslog receiver as a hosted service with its <c>Ingest:Syslog</c> settings, checked at start.
    /// The <see cref="IIngestPipeline"/> it submits to is registered by the pipeline.
    /// </summary>
    public static IServiceCollection AddSyslogReceiver(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SyslogReceiverOptions>()
            .Bind(configuration.GetSection(SyslogReceiverOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IngestStats>();
        services.TryAddSingleton<SyslogMessageParser>();
        services.TryAddSingleton<SyslogReceiver>();
        services.AddHostedService(sp => sp.GetRequiredService<SyslogReceiver>());
        return services;
    }
}
