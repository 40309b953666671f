namespace Console.Ingest.Pipeline;

public enum BackpressureMode
{
    /// <summary>Wait until the queue has room: the sender is slowed down (TCP stops reading, a file tailer pauses).</summary>
    Wait,

    /// <summary>Refuse the whole submission at once when the queue is full (HTTP answers 429 with Retry-After).</summary>
    Reject,
}
