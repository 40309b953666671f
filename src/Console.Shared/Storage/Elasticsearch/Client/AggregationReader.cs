using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>Reads a named aggregation of a response or a bucket in the shape the caller asked for.</summary>
internal static class AggregationReader
{
    public static T Read<T>(IReadOnlyDictionary<string, JsonElement>? aggregations, string name)
    {
        if (aggregations is null || !aggregations.TryGetValue(name, out var element))
        {
            throw new ElasticsearchException($"the search response has no aggregation '{name}'");
        }

        var typeInfo = (JsonTypeInfo<T>)ElasticsearchJsonContext.Default.GetTypeInfo(typeof(T))!;
        return element.Deserialize(typeInfo) ?? throw new ElasticsearchException($"aggregation '{name}' is empty");
    }
}
