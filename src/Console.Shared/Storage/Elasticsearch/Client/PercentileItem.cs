namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>One percent of a <c>percentiles</c> aggregation; the value is null when the bucket had no values.</summary>
public sealed record PercentileItem(double Key, double? Value);
