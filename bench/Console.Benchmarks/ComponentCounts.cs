namespace Console.Benchmarks;

/// <summary>One input's or stage's counters from <c>GET /api/ingest/stats</c>, with its latest rejection reasons.</summary>
internal sealed record ComponentCounts(
    string Name, long Received, long Parsed, long Failed, long Dropped, long Rejected, long Queued, long? Indexed, IReadOnlyList<string> RecentRejections);
