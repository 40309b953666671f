using Console.Shared.Storage.Elasticsearch.Client;
using Console.Shared.Storage.Lifecycle;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Console.Shared.Storage.Elasticsearch;

/// <summary>
/// On start, installs the templates and the lifecycle policies, trying again while the cluster cannot be reached; the
/// console starts anyway, and indexing waits for the installation (see <see cref="ElasticsearchLogStore.EnsureInstalledAsync"/>).
/// Then attaches the lifecycle policies to new indices every <see cref="LifecycleOptions.CheckInterval"/>, and at once
/// when the policies are saved.
/// </summary>
public sealed class ElasticsearchStoreSetup(
    ElasticsearchLogStore store,
    ElasticsearchClient client,
    ElasticsearchLifecycle lifecycle,
    RetentionPolicyStore policies,
    IOptions<LifecycleOptions> lifecycleOptions,
    TimeProvider clock,
    ILogger<ElasticsearchStoreSetup> logger)
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
                await lifecycle.ApplyAsync(stoppingToken);
                break;
            }
            catch (ElasticsearchException ex)
            {
                logger.LogError(ex, "Installing the Elasticsearch templates and lifecycle policies failed; trying again in {Delay}", delay);
                await Task.Delay(delay, clock, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMinutes(1).Ticks));
            }
        }

        var saved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(IReadOnlyList<RetentionPolicy> _) => Volatile.Read(ref saved).TrySetResult();
        policies.Changed += OnChanged;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Wakes at the interval, or at once when the policies were saved.
                using (var interval = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
                {
                    await Task.WhenAny(saved.Task, Task.Delay(lifecycleOptions.Value.CheckInterval, clock, interval.Token));
                    await interval.CancelAsync();
                }

                stoppingToken.ThrowIfCancellationRequested();
                if (saved.Task.IsCompleted)
                {
                    Volatile.Write(ref saved, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                }

                try
                {
                    await lifecycle.ApplyAsync(stoppingToken);
                }
                catch (ElasticsearchException ex)
                {
                    logger.LogError(ex, "Applying the lifecycle policies to Elasticsearch failed; trying again in {Interval}", lifecycleOptions.Value.CheckInterval);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            policies.Changed -= OnChanged;
        }
    }
}
