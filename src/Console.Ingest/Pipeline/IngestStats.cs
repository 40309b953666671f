using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Console.Ingest.Pipeline;

/// <summary>
/// Every source's and stage's counters by name, served at <c>GET /api/ingest/stats</c>. A source's rejections are also
/// logged, throttled per source (<see cref="RejectionLog"/>).
/// </summary>
public sealed class IngestStats(ILogger<RejectionLog> rejectionLogger, TimeProvider clock) : IDisposable
{
    private readonly ConcurrentDictionary<string, ComponentCounters> _inputs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ComponentCounters> _stages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RejectionLog> _rejectionLogs = new(StringComparer.Ordinal);
    private readonly ILogger<RejectionLog> _rejectionLogger = rejectionLogger;
    private readonly TimeProvider _clock = clock;

    /// <summary>Counters whose rejections are not logged (tests, tools).</summary>
    public IngestStats()
        : this(NullLogger<RejectionLog>.Instance, TimeProvider.System)
    {
    }

    /// <summary>The counters of a source (<c>tcp-json</c>, <c>syslog-udp</c>, <c>file:nginx-access</c>), created on first use.</summary>
    public ComponentCounters Input(string name) =>
        // Looked up for every record: a lambda over the rejection logger and clock would be a new delegate per call.
        _inputs.TryGetValue(name, out var counters) ? counters : _inputs.GetOrAdd(name, static (n, stats) => new ComponentCounters(n, stats.RejectionLogOf(n)), this);

    /// <summary>The counters of a pipeline stage (<c>parse</c>, <c>filter</c>, <c>queue</c>, <c>index</c>).</summary>
    public ComponentCounters Stage(string name) => _stages.GetOrAdd(name, static n => new ComponentCounters(n));

    private RejectionLog RejectionLogOf(string input) =>
        _rejectionLogs.GetOrAdd(input, static (n, stats) => new RejectionLog(n, stats._rejectionLogger, stats._clock), this);

    public IReadOnlyList<ComponentCounters> Inputs => _inputs.Values.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();

    public IReadOnlyList<ComponentCounters> Stages => _stages.Values.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();

    public void Dispose()
    {
        foreach (var log in _rejectionLogs.Values)
        {
            log.Dispose();
        }
    }
}
