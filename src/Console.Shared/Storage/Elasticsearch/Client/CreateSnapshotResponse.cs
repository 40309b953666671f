using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>With <c>wait_for_completion</c> the snapshot; without it only <c>accepted</c>.</summary>
public sealed record CreateSnapshotResponse(SnapshotInfo? Snapshot = null, bool? Accepted = null);
