namespace Console.Shared.Tests.Support;

/// <summary>How a <see cref="FakeElasticsearchCluster"/> misbehaves, as a real cluster does in an outage.</summary>
public enum ElasticsearchFault
{
    /// <summary>Answers everything as a healthy single-node cluster.</summary>
    None,

    /// <summary>503 <c>cluster_block_exception</c> (no master) on every request.</summary>
    Unavailable,

    /// <summary>
    /// <c>_bulk</c> answers 200 with <c>errors: true</c>, and the items routed to one of three shards (by id) of the
    /// <see cref="FakeElasticsearchCluster.HotIndices"/> are refused with 429 <c>es_rejected_execution_exception</c> and not
    /// indexed: the write queue of the node holding that shard is full.
    /// </summary>
    RejectsItems,

    /// <summary>
    /// Every answer comes after <see cref="FakeElasticsearchCluster.SlowAnswerDelay"/>: writes are applied first (a
    /// client that gave up does not undo them), then the answer waits, before its headers on one request and half way
    /// through its body on the next.
    /// </summary>
    Slow,
}
