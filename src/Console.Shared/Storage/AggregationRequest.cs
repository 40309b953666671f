namespace Console.Shared.Storage;

/// <summary>
/// One aggregation over the events of <see cref="Query"/>: a metric over all of them, and optionally per time bucket
/// (<see cref="DateHistogram"/>), per value of a field (<see cref="Split"/>), or per value within each time bucket
/// (both: a stacked or multi-line chart). The top values of a split are chosen over the whole query, so every time
/// bucket reports the same values. In Elasticsearch terms: a bool filter of the query and the time range, then
/// <c>date_histogram</c> (fixed_interval, extended_bounds, min_doc_count 0), <c>terms</c> (size, order by _count then
/// _key) or <c>histogram</c>, a <c>missing</c> aggregation, and the metric (<c>avg</c>, <c>sum</c>, <c>min</c>,
/// <c>max</c>, <c>percentiles</c>, <c>cardinality</c>) under each.
/// </summary>
public sealed record AggregationRequest(LogQuery Query, AggregationMetric Metric, DateHistogramSplit? DateHistogram = null, FieldSplit? Split = null);
