namespace Console.Web.Health;

/// <summary>The data folder's disk and what each index uses of it (the largest first).</summary>
public sealed record DiskHealth(string Path, long? FreeBytes, long? TotalBytes, long IndicesBytes, IReadOnlyList<IndexDiskUse> Indices);
