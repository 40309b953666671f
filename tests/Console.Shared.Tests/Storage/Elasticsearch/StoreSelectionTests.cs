using Console.Shared.Storage;
using Console.Shared.Storage.Elasticsearch;
using Console.Shared.Storage.Elasticsearch.Client;
using Console.Shared.Storage.Embedded;
using Console.Shared.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Console.Shared.Tests.Storage.Elasticsearch;

public sealed class StoreSelectionTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private ServiceProvider Services(Dictionary<string, string?> settings)
    {
        settings["Storage:DataPath"] = _directory.Path;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddConsoleShared(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Without_a_store_kind_the_embedded_store_is_used()
    {
        using var provider = Services([]);

        Assert.IsType<LuceneLogStore>(provider.GetRequiredService<ILogStore>());
        Assert.Contains(provider.GetServices<IHostedService>(), s => s is EmbeddedStoreMaintenance);
    }

    [Fact]
    public void Store_kind_elasticsearch_uses_the_elasticsearch_store_with_its_settings()
    {
        using var provider = Services(new()
        {
            ["Store:Kind"] = "Elasticsearch",
            ["Store:Elasticsearch:Urls:0"] = "http://es1:9200",
            ["Store:Elasticsearch:Urls:1"] = "http://es2:9200",
            ["Store:Elasticsearch:ApiKey"] = "a2V5",
            ["Store:Elasticsearch:Replicas"] = "1",
        });

        Assert.IsType<ElasticsearchLogStore>(provider.GetRequiredService<ILogStore>());
        Assert.Contains(provider.GetServices<IHostedService>(), s => s is ElasticsearchStoreSetup);
        Assert.DoesNotContain(provider.GetServices<IHostedService>(), s => s is EmbeddedStoreMaintenance);
        var client = provider.GetRequiredService<IOptions<ElasticsearchClientOptions>>().Value;
        Assert.Equal([new Uri("http://es1:9200"), new Uri("http://es2:9200")], client.Urls);
        Assert.Equal("a2V5", client.ApiKey);
        Assert.Equal(1, provider.GetRequiredService<IOptions<ElasticsearchStoreOptions>>().Value.Replicas);
    }

    [Fact]
    public void Configured_index_patterns_replace_the_defaults_and_none_keeps_them()
    {
        using var configured = Services(new() { ["Store:Kind"] = "Elasticsearch", ["Store:Elasticsearch:IndexPatterns:0"] = "django-*" });
        using var unset = Services(new() { ["Store:Kind"] = "Elasticsearch" });

        Assert.Equal(["django-*"], configured.GetRequiredService<IOptions<ElasticsearchStoreOptions>>().Value.EffectiveIndexPatterns);
        Assert.Equal(["thebot-logs-*", "thebot-errors-*", "metrics-*"], unset.GetRequiredService<IOptions<ElasticsearchStoreOptions>>().Value.EffectiveIndexPatterns);
    }

    [Fact]
    public void A_missing_certificate_file_stops_the_start_with_the_setting_name()
    {
        using var provider = Services(new()
        {
            ["Store:Kind"] = "Elasticsearch",
            ["Store:Elasticsearch:CertificateAuthorityPath"] = "/nonexistent/http_ca.crt",
        });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ElasticsearchClientOptions>>().Value);
        Assert.Contains("Store:Elasticsearch:CertificateAuthorityPath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_store_kind_is_refused()
    {
        Assert.ThrowsAny<InvalidOperationException>(() => Services(new() { ["Store:Kind"] = "Mongo" }));
    }
}
