namespace Console.Web.Apis;

/// <summary>The body of <c>POST /api/snapshots/{name}/restore</c>, all optional: which indices, and Elasticsearch's rename.</summary>
public sealed record RestoreInput(List<string>? Indices, string? RenamePattern, string? RenameReplacement);
