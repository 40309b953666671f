using Console.Shared.Storage.Lifecycle;

namespace Console.Shared.Storage;

/// <summary>One concrete index with its place in the lifecycle, as the Indices page and <c>GET /api/indices</c> show it.</summary>
/// <param name="Phase">The phase the index is in now (what was applied, not only what is due).</param>
/// <param name="Policy">The pattern of the retention policy that manages it, or null.</param>
/// <param name="Age">Time since the start of its day (UTC); null for an index without a day.</param>
/// <param name="Segments">Lucene segments (null when the store does not say).</param>
/// <param name="Health">The store's word on the index (Elasticsearch's green/yellow/red; <c>open</c>/<c>closed</c> for the embedded store).</param>
public sealed record IndexStatus(
    string Name, long DocCount, long SizeBytes, DateOnly? Day, IndexPhase Phase, string? Policy, TimeSpan? Age, bool ReadOnly, int? Segments, string? Health);
