using Console.Shared.Storage.Elasticsearch.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Console.Shared.Storage.Elasticsearch;

/// <summary>
/// On start, installs the templates and the lifecycle policy, trying again while the cluster cannot be reached; the
/// console starts anyway, and indexing waits for the installation (see <see cref="ElasticsearchLogStore.EnsureInstalledAsync"/>).
/// </summary>
public sealed class ElasticsearchStoreSetup(ElasticsearchLogStore store, ElasticsearchClient client, TimeProvider clock, ILogger<ElasticsearchStoreSetup> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var health = await client.ClusterHealthAsync(stoppingToken);
                logger.LogInformation("Elasticsearch cluster {Cluster} is {Status} with {Nodes} nodes", health.ClusterName, health.Status, health.NumberOfNodes);
                await store.EnsureInstalledAsync(stoppingToken);
                return;
            }
            catch (ElasticsearchException ex)
            {
                logger.LogError(ex, "Installing the Elasticsearch templates failed; trying again in {Delay}", delay);
                await Task.Delay(delay, clock, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMinutes(1).Ticks));
            }
        }
    }
}
