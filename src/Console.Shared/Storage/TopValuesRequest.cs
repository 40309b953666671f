namespace Console.Shared.Storage;

/// <summary>
/// The <paramref name="Size"/> most frequent values of <paramref name="Field"/> among the events of <paramref name="Query"/>.
/// <paramref name="SampleSize"/> counts only that many matching events (what Elasticsearch's <c>terminate_after</c> and
/// Kibana's value suggestions do): bounded work on a high-cardinality field such as <c>request_id</c>, where exact
/// counts over millions of events are neither needed nor affordable while a user types. Null counts every match.
/// </summary>
public sealed record TopValuesRequest(LogQuery Query, string Field, int Size = 5, int? SampleSize = null);
