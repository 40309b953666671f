using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary><c>hits.total</c>: the count and whether it is exact (<c>eq</c>) or a lower bound (<c>gte</c>).</summary>
public sealed record TotalHits(long Value, string Relation);
