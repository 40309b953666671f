using Console.Shared.Query.Limits;
using Console.Shared.Storage;
using Console.Shared.Storage.Elasticsearch;
using Console.Shared.Storage.Elasticsearch.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Console.Shared.Tests.Support;

/// <summary>
/// A <see cref="FakeElasticsearch"/> on a free port and a real <see cref="ElasticsearchClient"/> pointed at it, for the
/// tests of what the Elasticsearch store sends and how it reads the answers; disposing stops both.
/// </summary>
public sealed class FakeElasticsearchConnection : IAsyncDisposable
{
    private FakeElasticsearchConnection(FakeElasticsearch fake)
    {
        Fake = fake;
        Client = new ElasticsearchClient(new ElasticsearchClientOptions { Urls = [fake.Url] });
    }

    public FakeElasticsearch Fake { get; }

    public ElasticsearchClient Client { get; }

    public static async Task<FakeElasticsearchConnection> StartAsync() => new(await FakeElasticsearch.StartAsync());

    /// <summary>A store on <see cref="Client"/> (default settings, the system clock, no logging unless given); the caller disposes it.</summary>
    public ElasticsearchLogStore Store(ElasticsearchStoreOptions? options = null, TimeProvider? clock = null, QueryLimitsOptions? limits = null) =>
        new(Client, Options.Create(options ?? new ElasticsearchStoreOptions()), Options.Create(new StorageOptions()), Options.Create(limits ?? new QueryLimitsOptions()),
            clock ?? TimeProvider.System, NullLogger<ElasticsearchLogStore>.Instance);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Fake.DisposeAsync();
    }
}
