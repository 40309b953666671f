namespace Console.Web.Apis;

/// <summary>Endpoint metadata naming the ingest input a route feeds, so a refusal before the handler runs is counted under it.</summary>
public sealed record IngestInputMetadata(string Input);
