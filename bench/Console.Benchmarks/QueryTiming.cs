namespace Console.Benchmarks;

/// <summary>Latencies of one query over the measured runs, in milliseconds, and what it found.</summary>
internal sealed record QueryTiming(string Name, long Hits, double P50, double P95, double Max);
