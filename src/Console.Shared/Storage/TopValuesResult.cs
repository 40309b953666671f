namespace Console.Shared.Storage;

/// <summary>
/// Exact counts over every matching event (not a sample): <see cref="Total"/> matching events, <see cref="WithField"/> of them
/// having the field, the top values and <see cref="OtherCount"/>, the number of values not among them.
/// </summary>
public sealed record TopValuesResult(string Field, long Total, long WithField, IReadOnlyList<TopValue> Values, long OtherCount);
