namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>The answer of <c>GET index/_ilm/explain</c>, by index name.</summary>
public sealed record LifecycleExplainResponse(Dictionary<string, LifecycleExplanation> Indices);
