using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>The body of <c>_search</c>; the query and aggregations are query DSL built by the translator.</summary>
public sealed class SearchBody
{
    public JsonObject? Query { get; set; }

    public int? Size { get; set; }

    public JsonArray? Sort { get; set; }

    public JsonArray? SearchAfter { get; set; }

    public PointInTimeReference? Pit { get; set; }

    /// <summary>True for an exact total; Elasticsearch stops counting at 10,000 otherwise.</summary>
    public bool? TrackTotalHits { get; set; }

    public JsonObject? Aggs { get; set; }

    /// <summary>Stop after this many matching documents per shard: a sample, for value suggestions.</summary>
    public int? TerminateAfter { get; set; }

    /// <summary>Fields computed at search time (a keyword read as a number for a metric).</summary>
    public JsonObject? RuntimeMappings { get; set; }

    /// <summary>How long the shards may search (<c>30000ms</c>); past it Elasticsearch stops and answers timed_out.</summary>
    public string? Timeout { get; set; }

    /// <summary>False to leave the documents out (aggregations only).</summary>
    [JsonPropertyName("_source")]
    public bool? Source { get; set; }
}
