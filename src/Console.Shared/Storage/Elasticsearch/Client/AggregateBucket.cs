using System.Text.Json;
using System.Text.Json.Serialization;

namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>
/// A bucket of a multi-bucket aggregation: its key (a string, a number, or 0/1 with <c>key_as_string</c> for booleans),
/// its count, and its sub-aggregations by name, read with <see cref="Aggregation{T}"/>.
/// </summary>
/// <remarks>A class with setters, not a positional record: System.Text.Json cannot fill extension data through a constructor.</remarks>
public sealed class AggregateBucket
{
    public JsonElement Key { get; set; }

    public long DocCount { get; set; }

    public string? KeyAsString { get; set; }

    /// <summary>Everything else in the bucket: Elasticsearch writes the sub-aggregations beside key and doc_count.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? SubAggregations { get; set; }

    /// <exception cref="ElasticsearchException">The bucket has no sub-aggregation of that name.</exception>
    public T Aggregation<T>(string name) => AggregationReader.Read<T>(SubAggregations, name);
}
