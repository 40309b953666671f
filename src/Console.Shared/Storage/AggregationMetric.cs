namespace Console.Shared.Storage;

/// <summary>
/// The metric of an aggregation: <see cref="MetricKind.Count"/> needs no field; avg, sum, min, max and percentiles need a
/// numeric field (long, double, date, or a keyword whose values are numbers); cardinality takes any field but full text.
/// </summary>
public sealed record AggregationMetric(MetricKind Kind, string? Field = null, IReadOnlyList<double>? Percents = null)
{
    /// <summary>The percents asked for when none are given, as a dashboard's latency panel shows them.</summary>
    public static IReadOnlyList<double> DefaultPercents { get; } = [50, 95, 99];

    public static AggregationMetric Count { get; } = new(MetricKind.Count);

    public static AggregationMetric Avg(string field) => new(MetricKind.Avg, field);

    public static AggregationMetric Sum(string field) => new(MetricKind.Sum, field);

    public static AggregationMetric Min(string field) => new(MetricKind.Min, field);

    public static AggregationMetric Max(string field) => new(MetricKind.Max, field);

    public static AggregationMetric PercentilesOf(string field, params double[] percents) =>
        new(MetricKind.Percentiles, field, percents.Length == 0 ? DefaultPercents : percents);

    public static AggregationMetric Cardinality(string field) => new(MetricKind.Cardinality, field);

    /// <summary>The percents to compute: the given ones, or <see cref="DefaultPercents"/>.</summary>
    public IReadOnlyList<double> EffectivePercents => Percents is { Count: > 0 } ? Percents : DefaultPercents;
}
