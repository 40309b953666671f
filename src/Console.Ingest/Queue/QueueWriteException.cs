namespace Console.Ingest.Queue;

/// <summary>
/// The durable queue could not write (a full or read-only disk): the events of the refused append were not kept, and
/// the sender should be told to retry (HTTP 503) rather than that they were taken.
/// </summary>
public sealed class QueueWriteException(string reason, Exception inner)
    : IOException($"the ingest queue cannot write to disk: {reason}", inner)
{
    public string Reason { get; } = reason;
}
