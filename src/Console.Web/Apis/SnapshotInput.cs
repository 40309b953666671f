namespace Console.Web.Apis;

/// <summary>The body of <c>POST /api/snapshots</c>: a name and the indices (concrete names or patterns).</summary>
public sealed record SnapshotInput(string? Name, List<string>? Indices);
