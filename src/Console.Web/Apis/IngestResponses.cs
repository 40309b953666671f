namespace Console.Web.Apis;

public sealed record IngestLineError(long Line, string Reason);

/// <summary>The answer to an NDJSON upload: good lines are kept even when others are rejected.</summary>
public sealed record IngestResponse(long Accepted, long Rejected, IReadOnlyList<IngestLineError> Errors);
