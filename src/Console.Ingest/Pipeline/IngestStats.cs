using System.Collections.Concurrent;

namespace Console.Ingest.Pipeline;

/// <summary>Every source's and stage's counters by name, served at <c>GET /api/ingest/stats</c>.</summary>
public sealed class IngestStats
{
    private readonly ConcurrentDictionary<string, ComponentCounters> _inputs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ComponentCounters> _stages = new(StringComparer.Ordinal);

    /// <summary>The counters of a source (<c>tcp-json</c>, <c>syslog-udp</c>, <c>file:nginx-access</c>), created on first use.</summary>
    public ComponentCounters Input(string name) => _inputs.GetOrAdd(name, n => new ComponentCounters(n));

    /// <summary>The counters of a pipeline stage (<c>parse</c>, <c>filter</c>, <c>queue</c>, <c>index</c>).</summary>
    public ComponentCounters Stage(string name) => _stages.GetOrAdd(name, n => new ComponentCounters(n));

    public IReadOnlyList<ComponentCounters> Inputs => _inputs.Values.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();

    public IReadOnlyList<ComponentCounters> Stages => _stages.Values.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
}
