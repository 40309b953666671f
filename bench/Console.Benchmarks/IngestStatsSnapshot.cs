namespace Console.Benchmarks;

/// <summary><c>GET /api/ingest/stats</c> as the benchmark reports it.</summary>
internal sealed record IngestStatsSnapshot(long QueuePending, IReadOnlyList<ComponentCounts> Inputs, IReadOnlyList<ComponentCounts> Stages)
{
    public static IngestStatsSnapshot Empty { get; } = new(0, [], []);

    public long Failed => Inputs.Sum(c => c.Failed) + Stages.Sum(c => c.Failed);

    public long Dropped => Inputs.Sum(c => c.Dropped) + Stages.Sum(c => c.Dropped);

    public long Rejected => Inputs.Sum(c => c.Rejected) + Stages.Sum(c => c.Rejected);
}
