using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>A bucket of a <c>date_histogram</c>: its start in epoch milliseconds and its count.</summary>
public sealed record DateHistogramBucket(long Key, long DocCount, string? KeyAsString = null);
