namespace Console.Benchmarks;

/// <summary>One query's times in the browser from Search to its first result on screen.</summary>
internal sealed record DiscoverTiming(string Query, long Hits, double P50, double P95, int Runs);
