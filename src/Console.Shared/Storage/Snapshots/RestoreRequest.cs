namespace Console.Shared.Storage.Snapshots;

/// <summary>
/// Which indices of a snapshot to restore (null: all of them) and, as Elasticsearch's restore does, an optional
/// regular expression and replacement that rename them (<c>(.+)</c> → <c>restored-$1</c>).
/// </summary>
public sealed record RestoreRequest(IReadOnlyList<string>? Indices = null, string? RenamePattern = null, string? RenameReplacement = null);
