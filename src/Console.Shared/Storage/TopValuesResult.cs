namespace Console.Shared.Storage;

/// <summary>
/// Counts over every matching event, or over the first <see cref="TopValuesRequest.SampleSize"/> of them when
/// <see cref="IsSample"/>: <see cref="Total"/> events counted, <see cref="WithField"/> of them having the field, the top
/// values and <see cref="OtherCount"/>, the number of values not among them.
/// </summary>
public sealed record TopValuesResult(string Field, long Total, long WithField, IReadOnlyList<TopValue> Values, long OtherCount)
{
    /// <summary>True when counting stopped at the request's sample size, so the counts are a sample's.</summary>
    public bool IsSample { get; init; }
}
