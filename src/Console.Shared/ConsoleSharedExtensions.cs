using Console.Shared.Events;
using Console.Shared.Query.Limits;
using Console.Shared.Storage;
using Console.Shared.Storage.Elasticsearch;
using Console.Shared.Storage.Elasticsearch.Client;
using Console.Shared.Storage.Embedded;
using Console.Shared.Storage.Lifecycle;
using Console.Shared.Storage.Snapshots;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Console.Shared;

public static class ConsoleSharedExtensions
{
    /// <summary>
    /// Registers the storage settings and the store behind <see cref="ILogStore"/> chosen by <c>Store:Kind</c>: the embedded
    /// store with its refresh/commit loop (the default), or Elasticsearch with its template installation.
    /// </summary>
    public static IServiceCollection AddConsoleShared(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<StoreOptions>()
            .Bind(configuration.GetSection(StoreOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<QueryLimitsOptions>()
            .Bind(configuration.GetSection(QueryLimitsOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<LogEventNormalizer>();
        services.AddOptions<LifecycleOptions>()
            .Bind(configuration.GetSection(LifecycleOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => RetentionPolicies.Validate(o.Policies).Count == 0,
                $"{LifecycleOptions.Section}:Policies are not valid (each needs a Pattern; warm < cold < delete days; 1-100 segments)")
            .ValidateOnStart();
        services.AddOptions<SnapshotOptions>()
            .Bind(configuration.GetSection(SnapshotOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<RetentionPolicyStore>();

        var kind = configuration.GetSection(StoreOptions.Section).Get<StoreOptions>()?.Kind ?? StoreKind.Embedded;
        if (kind == StoreKind.Elasticsearch)
        {
            services.AddOptions<ElasticsearchClientOptions>()
                .Bind(configuration.GetSection(ElasticsearchStoreOptions.Section))
                .ValidateDataAnnotations()
                .Validate(o => o.Urls.All(u => u.IsAbsoluteUri && u.Scheme is "http" or "https"), $"{ElasticsearchStoreOptions.Section}:Urls must be http or https URLs")
                .Validate(o => string.IsNullOrEmpty(o.CertificateAuthorityPath) || File.Exists(o.CertificateAuthorityPath),
                    $"{ElasticsearchStoreOptions.Section}:CertificateAuthorityPath names a file that does not exist")
                .ValidateOnStart();
            services.AddOptions<ElasticsearchStoreOptions>()
                .Bind(configuration.GetSection(ElasticsearchStoreOptions.Section))
                .ValidateDataAnnotations()
                .ValidateOnStart();
            services.AddSingleton(sp => new ElasticsearchClient(sp.GetRequiredService<IOptions<ElasticsearchClientOptions>>().Value));
            services.AddSingleton<ElasticsearchLogStore>();
            services.AddSingleton<ILogStore>(sp => sp.GetRequiredService<ElasticsearchLogStore>());
            services.AddSingleton<ElasticsearchLifecycle>();
            services.AddSingleton<IIndexAdministration, ElasticsearchIndexAdministration>();
            services.AddSingleton<ISnapshotRepository, ElasticsearchSnapshotRepository>();
            services.AddHostedService<ElasticsearchStoreSetup>();
        }
        else
        {
            services.AddSingleton<LuceneLogStore>();
            services.AddSingleton<ILogStore>(sp => sp.GetRequiredService<LuceneLogStore>());
            services.AddHostedService<EmbeddedStoreMaintenance>();
            services.AddSingleton<IIndexAdministration, EmbeddedIndexAdministration>();
            services.AddSingleton<ISnapshotRepository, EmbeddedSnapshotRepository>();
            services.AddSingleton<EmbeddedLifecycleJob>();
            services.AddHostedService(sp => sp.GetRequiredService<EmbeddedLifecycleJob>());
        }

        return services;
    }
}
