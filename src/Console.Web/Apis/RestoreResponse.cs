namespace Console.Web.Apis;

public sealed record RestoreResponse(string Snapshot, IReadOnlyList<string> Indices, long Files, long Bytes);
