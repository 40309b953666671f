namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>A <c>percentiles</c> aggregation's result as asked for with <c>keyed: false</c>: one item per percent.</summary>
public sealed record PercentilesAggregate(List<PercentileItem> Values);
