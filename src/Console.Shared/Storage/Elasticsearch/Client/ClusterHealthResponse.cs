using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Console.Shared.Storage.Elasticsearch.Client;

public sealed record ClusterHealthResponse(
    string ClusterName,
    string Status,
    bool TimedOut,
    int NumberOfNodes,
    int NumberOfDataNodes,
    int ActivePrimaryShards,
    int ActiveShards,
    int UnassignedShards,
    double ActiveShardsPercentAsNumber);
