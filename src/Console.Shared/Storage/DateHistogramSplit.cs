namespace Console.Shared.Storage;

/// <summary>Buckets of <c>@timestamp</c> from the query's start to its end (Elasticsearch's date_histogram with a fixed interval); a null interval picks one for about 60 buckets.</summary>
public sealed record DateHistogramSplit(TimeSpan? Interval = null);
