using System.Globalization;
using System.Net;
using Console.Shared.Events;
using Console.Shared.Storage.Elasticsearch.Client;
using Console.Shared.Storage.Lifecycle;

namespace Console.Shared.Storage.Elasticsearch;

/// <summary>Index status (with ILM's phase from <c>_ilm/explain</c>), force merges and cluster health on Elasticsearch.</summary>
public sealed class ElasticsearchIndexAdministration(
    ElasticsearchClient client,
    ElasticsearchLogStore store,
    RetentionPolicyStore policies,
    TimeProvider clock) : IIndexAdministration
{
    public async Task<IReadOnlyList<IndexStatus>> ListIndexStatusAsync(string indexPattern = "*", CancellationToken cancellationToken = default)
    {
        var indices = await store.ListIndicesAsync(indexPattern, cancellationToken);
        if (indices.Count == 0)
        {
            return [];
        }

        Dictionary<string, LifecycleExplanation> explained;
        try
        {
            explained = (await client.ExplainLifecycleAsync(indexPattern, cancellationToken)).Indices;
        }
        catch (ElasticsearchException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            explained = [];
        }

        var rows = await client.CatIndicesAsync(indexPattern, cancellationToken);
        var health = rows.ToDictionary(r => r.Index, r => r.Health, StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var current = policies.Current;
        return indices.Select(i =>
        {
            var explanation = explained.GetValueOrDefault(i.Name);
            var phase = explanation is { Managed: true } ? ParsePhase(explanation.Phase) : IndexPhase.Unmanaged;
            return new IndexStatus(i.Name, i.DocCount, i.SizeBytes, i.Day, phase, explanation is { Managed: true } ? RetentionPolicies.For(i.Name, current)?.Pattern : null,
                RetentionPolicies.AgeOf(i.Name, now), phase is IndexPhase.Warm or IndexPhase.Cold, null, health.GetValueOrDefault(i.Name));
        }).ToList();
    }

    public async Task<bool> ForceMergeAsync(string name, int maxSegments, CancellationToken cancellationToken = default)
    {
        if (maxSegments is < 1 or > RetentionPolicies.MaxSegments)
        {
            throw new StoreRequestException($"max_num_segments must be between 1 and {RetentionPolicies.MaxSegments}");
        }

        if (IndexNames.Validate(name) is not null)
        {
            return false;
        }

        try
        {
            await client.ForceMergeAsync(name, maxSegments, cancellationToken);
            return true;
        }
        catch (ElasticsearchException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public async Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        ClusterHealthResponse health;
        try
        {
            health = await client.ClusterHealthAsync(cancellationToken);
        }
        catch (ElasticsearchException ex)
        {
            // The message already says whether no node answered or which error a node answered (503 no master, say).
            return new StoreHealth("elasticsearch", HealthStatus.Red, [$"cluster health could not be read: {ex.Message}"], new Dictionary<string, string>());
        }

        var status = health.Status switch
        {
            "green" => HealthStatus.Green,
            "yellow" => HealthStatus.Yellow,
            _ => HealthStatus.Red,
        };
        var reasons = new List<string>();
        if (status != HealthStatus.Green)
        {
            reasons.Add($"cluster {health.ClusterName} is {health.Status}: {health.UnassignedShards} unassigned shards, {health.ActiveShardsPercentAsNumber:0.#}% of shards active");
        }

        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["cluster"] = health.ClusterName,
            ["nodes"] = health.NumberOfNodes.ToString(CultureInfo.InvariantCulture),
            ["data_nodes"] = health.NumberOfDataNodes.ToString(CultureInfo.InvariantCulture),
            ["active_shards"] = health.ActiveShards.ToString(CultureInfo.InvariantCulture),
            ["unassigned_shards"] = health.UnassignedShards.ToString(CultureInfo.InvariantCulture),
            ["dead_lettered"] = store.DeadLettered.ToString(CultureInfo.InvariantCulture),
        };
        return new StoreHealth("elasticsearch", status, reasons, details);
    }

    private static IndexPhase ParsePhase(string? phase) => phase switch
    {
        "warm" => IndexPhase.Warm,
        "cold" or "frozen" => IndexPhase.Cold,
        "delete" => IndexPhase.Delete,
        _ => IndexPhase.Hot, // "new" and "hot"
    };
}
