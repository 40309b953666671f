using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Console.Shared.Storage.Elasticsearch.Client;

public sealed record DateHistogramAggregate(List<DateHistogramBucket> Buckets);
