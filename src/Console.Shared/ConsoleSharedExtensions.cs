using Console.Shared.Events;
using Console.Shared.Storage;
using Console.Shared.Storage.Embedded;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Console.Shared;

public static class ConsoleSharedExtensions
{
    /// <summary>Registers the storage settings, the embedded store behind <see cref="ILogStore"/> and its refresh/commit loop.</summary>
    public static IServiceCollection AddConsoleShared(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<LogEventNormalizer>();
        services.AddSingleton<LuceneLogStore>();
        services.AddSingleton<ILogStore>(sp => sp.GetRequiredService<LuceneLogStore>());
        services.AddHostedService<EmbeddedStoreMaintenance>();
        return services;
    }
}
