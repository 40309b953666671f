using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>The body of <c>PUT _snapshot/repository/snapshot</c>: which indices (a comma-separated pattern list).</summary>
public sealed record CreateSnapshotRequest(string Indices, bool IncludeGlobalState = false);
