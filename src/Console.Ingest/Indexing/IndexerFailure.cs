namespace Console.Ingest.Indexing;

/// <summary>The store write the indexer keeps retrying, for the health page: accepted events wait in the durable queue meanwhile.</summary>
/// <param name="Operation"><c>index</c>, <c>commit</c> or <c>checkpoint</c>.</param>
/// <param name="Reason">The last error's message.</param>
/// <param name="Since">When the first attempt of this run of failures failed.</param>
/// <param name="Attempts">Failed attempts in a row.</param>
/// <param name="NextAttemptIn">The back-off before the next attempt.</param>
public sealed record IndexerFailure(string Operation, string Reason, DateTimeOffset Since, int Attempts, TimeSpan NextAttemptIn);
