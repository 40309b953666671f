using Console.Shared.Events;

namespace Console.Shared.Storage;

/// <summary>
/// A batch the store took in part before its tries ran out (Elasticsearch's <c>_bulk</c> answers per item: some items
/// indexed, some refused for load). <see cref="NotIndexed"/> are the events it did not take, or may not have (an answer
/// that never came); the others are in the store by id, so whoever retries sends these alone instead of adding the
/// whole batch to the load of a store that is refusing writes. The message and cause are the last failure's.
/// </summary>
public sealed class PartiallyIndexedException : Exception
{
    public PartiallyIndexedException(IReadOnlyList<LogEvent> notIndexed, int indexed, Exception failure)
        : base(failure.Message, failure)
    {
        NotIndexed = notIndexed;
        Indexed = indexed;
    }

    /// <summary>The events of the batch still to be indexed, in the batch's order.</summary>
    public IReadOnlyList<LogEvent> NotIndexed { get; }

    /// <summary>How many of the batch's events the store took (indexed, or kept in a dead-letter index).</summary>
    public int Indexed { get; }
}
