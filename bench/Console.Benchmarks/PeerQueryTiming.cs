namespace Console.Benchmarks;

/// <summary>One query's latencies on one engine, with the 1-minute load average when its runs started (the machine is shared).</summary>
internal sealed record PeerQueryTiming(long Hits, double P50, double P95, double Max, string Load);
