using Console.Ingest.Pipeline;
using Console.Shared.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Sources.Files;

public static class FileTailServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="FileTailReceiver"/> with its <c>Ingest:Files</c> settings, validated at start. Needs an
    /// <see cref="IIngestPipeline"/> registered elsewhere.
    /// </summary>
    public static IServiceCollection AddFileTailReceiver(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FileTailOptions>()
            .Bind(configuration.GetSection(FileTailOptions.Section))
            .PostConfigure(options =>
            {
                if (string.IsNullOrWhiteSpace(options.RegistryPath))
                {
                    // Beside the indices, so one data directory holds all state worth backing up.
                    var dataPath = configuration.GetSection(StorageOptions.Section)[nameof(StorageOptions.DataPath)];
                    options.RegistryPath = Path.Combine(
                        string.IsNullOrWhiteSpace(dataPath) ? new StorageOptions().DataPath : dataPath, "ingest", "file-registry.json");
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FileTailOptions>, FileTailOptionsValidator>());
        services.TryAddSingleton<IngestStats>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<FileTailReceiver>();
        return services;
    }
}
