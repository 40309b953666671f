namespace Console.Web.Apis;

/// <summary>The body of a successful <c>POST /api/indices/{name}/forcemerge</c>.</summary>
public sealed record ForceMergeResponse(string Index, int MaxNumSegments);
