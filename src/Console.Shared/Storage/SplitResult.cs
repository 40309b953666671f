namespace Console.Shared.Storage;

/// <summary>
/// The top values of a split, largest first (in a time bucket: the same values in the same order, zero counts included),
/// <see cref="OtherCount"/> the events of every other value (an event with two other values counts twice, as
/// Elasticsearch's sum_other_doc_count) and <see cref="MissingCount"/> the events without the field.
/// </summary>
public sealed record SplitResult(IReadOnlyList<SplitValue> Values, long OtherCount, long MissingCount);
