using Console.Ingest.Queue;

namespace Console.Ingest.Indexing;

/// <summary>
/// A store commit the indexer started while it goes on indexing: it covers the first <paramref name="Batches"/> batches
/// indexed since the last commit (<paramref name="Events"/> events, up to <paramref name="End"/>). The queue is
/// checkpointed to <paramref name="End"/> only when <paramref name="Flush"/> succeeded and the store's write-failure count
/// is still <paramref name="FailuresAtStart"/>.
/// </summary>
internal sealed record BackgroundCommit(QueuePosition End, int Events, int Batches, long FailuresAtStart, Task Flush);
