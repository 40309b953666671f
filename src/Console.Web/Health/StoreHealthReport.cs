namespace Console.Web.Health;

/// <summary>The store's own check: Elasticsearch's cluster health, or the embedded indices' checks.</summary>
public sealed record StoreHealthReport(string Kind, string Status, IReadOnlyList<string> Reasons, IReadOnlyDictionary<string, string> Details);
