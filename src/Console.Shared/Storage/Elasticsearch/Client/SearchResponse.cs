using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>A <c>_search</c> response; aggregations are read with <see cref="Aggregation{T}"/> by the shape the caller asked for.</summary>
public sealed record SearchResponse(long Took, bool TimedOut, HitsMetadata Hits, string? PitId = null, Dictionary<string, JsonElement>? Aggregations = null)
{
    /// <exception cref="ElasticsearchException">The response has no aggregation of that name.</exception>
    public T Aggregation<T>(string name)
    {
        if (Aggregations is null || !Aggregations.TryGetValue(name, out var element))
        {
            throw new ElasticsearchException($"the search response has no aggregation '{name}'");
        }

        var typeInfo = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)ElasticsearchJsonContext.Default.GetTypeInfo(typeof(T))!;
        return element.Deserialize(typeInfo) ?? throw new ElasticsearchException($"aggregation '{name}' is empty");
    }
}
