using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// Refreshes the embedded store's searchers every RefreshInterval (those of indices searched within SearchIdleAfter) and
/// commits every CommitInterval; commits once more on shutdown.
/// </summary>
public sealed class EmbeddedStoreMaintenance(
    LuceneLogStore store,
    IOptions<StorageOptions> options,
    TimeProvider clock,
    ILogger<EmbeddedStoreMaintenance> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var refreshEvery = options.Value.RefreshInterval;
        var commitEvery = options.Value.CommitInterval;
        var lastCommit = clock.GetTimestamp();
        using var timer = new PeriodicTimer(refreshEvery, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await store.RefreshSearchedAsync(stoppingToken);
                    if (clock.GetElapsedTime(lastCommit) >= commitEvery)
                    {
                        await store.FlushAsync(stoppingToken);
                        lastCommit = clock.GetTimestamp();
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
                {
                    logger.LogError(ex, "Refreshing or committing the embedded store failed; retrying at the next tick");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        await store.FlushAsync(CancellationToken.None);
    }
}
