namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>A single-value metric's result (<c>avg</c>, <c>sum</c>, <c>min</c>, <c>max</c>, <c>cardinality</c>, <c>value_count</c>); null when no document had a value.</summary>
public sealed record ValueAggregate(double? Value);
