using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>A <c>_search</c> response; aggregations are read with <see cref="Aggregation{T}"/> by the shape the caller asked for.</summary>
public sealed record SearchResponse(long Took, bool TimedOut, HitsMetadata Hits, string? PitId = null, Dictionary<string, JsonElement>? Aggregations = null)
{
    /// <exception cref="ElasticsearchException">The response has no aggregation of that name.</exception>
    public T Aggregation<T>(string name) => AggregationReader.Read<T>(Aggregations, name);
}
