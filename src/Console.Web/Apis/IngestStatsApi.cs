using Console.Web.Auth;
using Console.Ingest.Pipeline;
using Console.Ingest.Queue;

namespace Console.Web.Apis;

public sealed record RejectionResponse(DateTimeOffset At, string Reason);

public sealed record ComponentStatsResponse(
    long Received, long Parsed, long Failed, long Dropped, long Rejected, long Queued, long? Indexed, DateTimeOffset? LastSeen,
    IReadOnlyList<RejectionResponse> RecentRejections, long ConnectionsRefused, long RateLimited);

/// <param name="TruncatedTails">Queue segments found at start ending in a torn or corrupt record (a crash mid-write, a damaged disk), cut off there.</param>
/// <param name="TruncatedBytes">Bytes cut off those segments.</param>
/// <param name="HeldBytes">Record bytes of the pending events held in memory for the indexer; the rest are read back from disk.</param>
/// <param name="MaxHeldBytes"><c>Ingest:Queue:MaxHeldBytes</c>, the bound of <paramref name="HeldBytes"/>.</param>
public sealed record QueueStatsResponse(long Pending, long Capacity, int TruncatedTails, long TruncatedBytes, long HeldBytes, long MaxHeldBytes);

public sealed record IngestStatsResponse(
    QueueStatsResponse Queue, IReadOnlyDictionary<string, ComponentStatsResponse> Inputs, IReadOnlyDictionary<string, ComponentStatsResponse> Stages);

/// <summary><c>GET /api/ingest/stats</c>: per input and per stage counts, like Logstash's node stats.</summary>
public static class IngestStatsApi
{
    public static IEndpointRouteBuilder MapIngestStatsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/ingest/stats", (IngestStats stats, WriteAheadLog queue) => TypedResults.Ok(Describe(stats, queue))).WithTags("Ingest").RequireRead();
        return app;
    }

    public static IngestStatsResponse Describe(IngestStats stats, WriteAheadLog queue) => new(
        new QueueStatsResponse(queue.Pending, queue.Capacity, queue.TruncatedTails, queue.TruncatedBytes, queue.HeldBytes, queue.MaxHeldBytes),
        stats.Inputs.ToDictionary(c => c.Name, c => Describe(c, isInput: true)),
        stats.Stages.ToDictionary(c => c.Name, c => Describe(c, isInput: false)));

    // Events are not traced back to their source once queued, so "indexed" is a stage count; inputs report null.
    private static ComponentStatsResponse Describe(ComponentCounters c, bool isInput) => new(
        c.Received, c.Parsed, c.Failed, c.Dropped, c.Rejected, c.Queued, isInput ? null : c.Indexed, c.LastSeen,
        c.Recent.Snapshot().Select(r => new RejectionResponse(r.At, r.Reason)).ToList(), c.ConnectionsRefused, c.RateLimited);
}
