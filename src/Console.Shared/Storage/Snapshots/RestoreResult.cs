namespace Console.Shared.Storage.Snapshots;

/// <summary>The indices a restore created, and the files and bytes it copied.</summary>
public sealed record RestoreResult(IReadOnlyList<string> Indices, long Files, long Bytes);
