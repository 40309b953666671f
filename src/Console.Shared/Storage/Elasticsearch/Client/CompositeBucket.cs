using System.Text.Json;

namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>A bucket of a <c>composite</c> aggregation: its key by source name and its count.</summary>
public sealed record CompositeBucket(Dictionary<string, JsonElement> Key, long DocCount);
