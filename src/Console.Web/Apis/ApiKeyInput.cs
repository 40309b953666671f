namespace Console.Web.Apis;

/// <summary>The body of <c>POST /api/api-keys</c>: a name and the scopes, <c>ingest</c> and/or <c>read</c>.</summary>
public sealed record ApiKeyInput(string? Name, IReadOnlyList<string>? Scopes);
