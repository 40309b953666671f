using System.Text.Json.Nodes;
using Console.Shared.Storage.Elasticsearch.Client;
using Console.Shared.Storage.Lifecycle;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Console.Shared.Storage.Elasticsearch;

/// <summary>
/// Installs one ILM policy per retention policy and attaches it to the indices of its pattern (<c>index.lifecycle.name</c>),
/// least specific pattern first so the most specific wins, as in the embedded store. Run at start, after every save of the
/// policies, and every <see cref="LifecycleOptions.CheckInterval"/> so each new daily index gets its policy.
/// </summary>
public sealed class ElasticsearchLifecycle(
    ElasticsearchClient client,
    RetentionPolicyStore policies,
    IOptions<ElasticsearchStoreOptions> options,
    ILogger<ElasticsearchLifecycle> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The ILM policy name per retention policy pattern, as last installed.</summary>
    public IReadOnlyDictionary<string, string> PolicyNames { get; private set; } = new Dictionary<string, string>();

    public void Dispose() => _gate.Dispose();

    public async Task ApplyAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var current = policies.Current;
            var names = ElasticsearchIndexTemplates.PolicyNames(options.Value, current);
            for (var i = 0; i < current.Count; i++)
            {
                await client.PutLifecyclePolicyAsync(names[i], ElasticsearchIndexTemplates.Lifecycle(current[i]), cancellationToken);
            }

            foreach (var i in Enumerable.Range(0, current.Count).OrderBy(i => current[i].Pattern.Length).ThenBy(i => current[i].Pattern, StringComparer.Ordinal))
            {
                await client.PutIndexSettingsAsync(current[i].Pattern, new JsonObject { ["index.lifecycle.name"] = names[i] }, cancellationToken);
            }

            PolicyNames = Enumerable.Range(0, current.Count).ToDictionary(i => current[i].Pattern, i => names[i], StringComparer.Ordinal);
            logger.LogDebug("Applied {Count} lifecycle policies to their indices", current.Count);
        }
        finally
        {
            _gate.Release();
        }
    }
}
