using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>A <c>filter</c> aggregation's result.</summary>
public sealed record SingleBucketAggregate(long DocCount);
