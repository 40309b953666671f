namespace Console.Shared.Storage;

/// <summary>What an aggregation computes per bucket; each maps onto the Elasticsearch aggregation of the same name.</summary>
public enum MetricKind
{
    /// <summary>The number of events (a bucket's doc_count); takes no field.</summary>
    Count,
    Avg,
    Sum,
    Min,
    Max,

    /// <summary>Exact percentiles of a numeric field, linearly interpolated between the closest ranks.</summary>
    Percentiles,

    /// <summary>The exact number of distinct values of a field.</summary>
    Cardinality,
}
