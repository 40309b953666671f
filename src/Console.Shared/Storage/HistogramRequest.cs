namespace Console.Shared.Storage;

/// <summary>Counts of matching events per time bucket between From and To; a null interval picks one for about 60 buckets.</summary>
public sealed record HistogramRequest(LogQuery Query, TimeSpan? Interval = null);
