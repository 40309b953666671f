namespace Console.Shared.Storage;

/// <summary>One value of a split field (for a numeric split with an interval, the lower bound of its range) with its events and metric.</summary>
public sealed record SplitValue(string Key, long Count, MetricValue Metric);
