namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>A multi-bucket aggregation (<c>terms</c>, <c>histogram</c>, <c>date_histogram</c>) whose buckets may hold sub-aggregations.</summary>
public sealed record BucketsAggregate(List<AggregateBucket> Buckets, long SumOtherDocCount = 0);
