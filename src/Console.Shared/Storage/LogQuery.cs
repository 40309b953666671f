namespace Console.Shared.Storage;

/// <summary>What every read names: the index pattern, the Lucene query text and the time range (both ends inclusive).</summary>
public sealed record LogQuery(string IndexPattern, string? Query, DateTimeOffset? From, DateTimeOffset? To);
