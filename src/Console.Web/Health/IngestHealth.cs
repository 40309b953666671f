namespace Console.Web.Health;

/// <summary>Ingest rates over the last minute and how far indexing is behind.</summary>
/// <param name="ReceivedPerSecond">Events a second received by every input together.</param>
/// <param name="IndexedPerSecond">Events a second the indexer wrote to the store.</param>
/// <param name="LagEvents">Accepted events not yet indexed (the durable queue's backlog).</param>
/// <param name="LagSeconds">How long the backlog takes at the current indexing rate; null while nothing is indexed.</param>
public sealed record IngestHealth(double ReceivedPerSecond, double IndexedPerSecond, long LagEvents, double? LagSeconds, IReadOnlyList<InputHealth> Inputs);
