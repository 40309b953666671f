namespace Console.Web.Apis;

public sealed record IngestLineError(long Line, string Reason);

/// <summary>The answer to an NDJSON upload: good lines are kept even when others are rejected.</summary>
public sealed record IngestResponse(long Accepted, long Rejected, IReadOnlyList<IngestLineError> Errors)
{
    /// <summary>
    /// With <c>refresh=wait_for</c>: why the accepted events are not searchable yet (the store failed during the wait);
    /// null once they are. They are durable and will be indexed when the store recovers: do not send them again.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? NotSearchable { get; init; }
}
