namespace Console.Shared.Storage;

/// <summary>
/// A metric's result for one bucket. <see cref="Value"/> is the count, avg, sum, min, max or cardinality (avg, min and max
/// are null when no event of the bucket has a value, as in Elasticsearch; sum and cardinality are 0); for percentiles it
/// is null and <see cref="Percentiles"/> holds one value per percent asked for.
/// </summary>
public sealed record MetricValue(double? Value, IReadOnlyList<PercentileValue> Percentiles)
{
    public static MetricValue Of(double? value) => new(value, []);
}
