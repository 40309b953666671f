namespace Console.Shared.Storage;

/// <summary>
/// Splits events by the values of <see cref="Field"/>: the <see cref="Size"/> values with the most events over the whole
/// query (ties by value), with the count of the rest and of the events without the field (Elasticsearch's terms
/// aggregation with sum_other_doc_count, and a missing aggregation). With <see cref="Interval"/>, a numeric field is split
/// by ranges of that width instead of by value (a histogram aggregation): <c>http.status_code</c> with 100 gives the
/// status classes 200, 300, 400, 500.
/// </summary>
public sealed record FieldSplit(string Field, int Size = 10, double? Interval = null);
