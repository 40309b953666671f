using Console.Shared.Storage.Lifecycle;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// Moves each daily index of the embedded store through its retention policy, every <see cref="LifecycleOptions.CheckInterval"/>:
/// warm merges it to few segments and makes it read-only, cold also closes it, and past its retention it is deleted.
/// Phases only move forward; an index whose policy changes back stays where it is (as Elasticsearch's ILM does).
/// </summary>
public sealed class EmbeddedLifecycleJob(
    LuceneLogStore store,
    RetentionPolicyStore policies,
    IOptions<LifecycleOptions> options,
    TimeProvider clock,
    ILogger<EmbeddedLifecycleJob> logger) : BackgroundService
{
    /// <summary>When the last run finished, and what it did (shown on the health page).</summary>
    public LifecycleRun? LastRun { get; private set; }

    /// <summary>Applies the policies once at the clock's time; returns what changed.</summary>
    public async Task<LifecycleRun> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var current = policies.Current;
        var warmed = new List<string>();
        var cooled = new List<string>();
        var deleted = new List<string>();
        var failures = new List<string>();
        foreach (var name in store.IndexNamesMatching("*"))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var policy = RetentionPolicies.For(name, current);
            var due = RetentionPolicies.PhaseAt(policy, RetentionPolicies.AgeOf(name, now));
            var applied = store.AppliedPhaseOf(name)?.Phase ?? IndexPhase.Hot;
            try
            {
                switch (due)
                {
                    case IndexPhase.Delete:
                        if (await store.DeleteIndexAsync(name, cancellationToken))
                        {
                            deleted.Add(name);
                        }

                        break;
                    case IndexPhase.Warm when applied == IndexPhase.Hot:
                        await Task.Run(() => store.ForceMerge(name, policy!.WarmMaxSegments), cancellationToken);
                        store.RecordPhase(name, IndexPhase.Warm, now);
                        warmed.Add(name);
                        break;
                    case IndexPhase.Cold when applied is IndexPhase.Hot or IndexPhase.Warm:
                        if (applied == IndexPhase.Hot)
                        {
                            await Task.Run(() => store.ForceMerge(name, policy!.WarmMaxSegments), cancellationToken);
                        }

                        store.RecordPhase(name, IndexPhase.Cold, now);
                        store.Close(name);
                        cooled.Add(name);
                        break;
                    case IndexPhase.Cold when store.IsOpen(name):
                        store.Close(name); // a search opened it since; close it again
                        break;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException or InvalidOperationException)
            {
                logger.LogError(ex, "Lifecycle of index {Index} ({Phase} due) failed; trying again at the next run", name, due);
                failures.Add($"{name}: {ex.Message}");
            }
        }

        var run = new LifecycleRun(now, warmed, cooled, deleted, failures);
        LastRun = run;
        if (warmed.Count + cooled.Count + deleted.Count > 0)
        {
            logger.LogInformation("Lifecycle: {Warm} indices warm, {Cold} cold, {Deleted} deleted ({Names})", warmed.Count, cooled.Count, deleted.Count,
                string.Join(", ", warmed.Concat(cooled).Concat(deleted)));
        }

        return run;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            logger.LogInformation("The embedded store's lifecycle job is off ({Section}:Enabled is false)", LifecycleOptions.Section);
            return;
        }

        using var timer = new PeriodicTimer(options.Value.CheckInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RunOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
