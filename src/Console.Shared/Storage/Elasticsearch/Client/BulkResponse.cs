using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>A bulk response; each item is keyed by its action (<c>index</c>, <c>create</c>, ...) in request order.</summary>
public sealed record BulkResponse(long Took, bool Errors, List<Dictionary<string, BulkItemResult>> Items)
{
    /// <summary>The item results in request order, whatever their action.</summary>
    public IEnumerable<BulkItemResult> Results => Items.Select(item => item.Values.First());
}
