namespace Console.Shared.Storage;

public sealed record HistogramBucket(DateTimeOffset Start, long Count);
